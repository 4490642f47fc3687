"""Schemathesis hooks for the schema fuzz: request bodies of media types it cannot make itself.

`POST /v1/fs/upload-batch` takes `application/x-tar`: the fuzz sends real archives with
generated member names and contents (some escaping, some odd) and plain garbage bytes."""
import io
import tarfile

import schemathesis
from hypothesis import strategies as st


def _archive(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name or "empty")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


_names = st.one_of(st.text(min_size=1, max_size=40), st.sampled_from(["../escape", "/abs", "a/b/c", "ok.txt"]))
schemathesis.openapi.media_type(
    "application/x-tar",
    st.one_of(st.binary(max_size=600), st.lists(st.tuples(_names, st.binary(max_size=64)), max_size=4).map(_archive)),
)
