"""Schemathesis hooks for the schema fuzz: request bodies of media types it cannot make itself,
and a last check on every request that it starts no program but a harmless one.

`POST /v1/fs/upload-batch` takes `application/x-tar`: the fuzz sends real archives with
generated member names and contents (some escaping, some odd) and plain garbage bytes.

The fuzz server's PATH holds only harmless commands, but a generated `command` (or `app`) may be
an absolute path such as `/bin/rm`, which no PATH stops, or a harmless-looking program that runs
its arguments (`env`, `openbox --startup`). `before_call` rewrites, in every JSON body just before
it is sent (all phases), each program a request could start — `command` or `app` at any depth,
as a string or the first item of a list (processes, desktop launch, MCP server configs, ACP
`mcpServers`) — to `true` unless it is one of HARMLESS_COMMANDS by bare name."""
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


# Programs that only read or print, run by bare name (looked up in the fuzz PATH).
HARMLESS_COMMANDS = frozenset({"echo", "true", "false", "cat", "printf", "sleep", "pwd", "ls"})
PROGRAM_KEYS = ("command", "app")


def harmless(body):
    """`body` with every program a request could start replaced by `true` unless harmless (in place
    for dicts and lists; returned)."""
    if isinstance(body, dict):
        for key, value in body.items():
            if key in PROGRAM_KEYS and isinstance(value, str) and value not in HARMLESS_COMMANDS:
                body[key] = "true"
            elif key in PROGRAM_KEYS and isinstance(value, list) and value and isinstance(value[0], str) and value[0] not in HARMLESS_COMMANDS:
                value[0] = "true"
            else:
                harmless(value)
    elif isinstance(body, list):
        for item in body:
            harmless(item)
    return body


@schemathesis.hook
def before_call(context, case, kwargs):
    if isinstance(case.body, (dict, list)):
        harmless(case.body)
