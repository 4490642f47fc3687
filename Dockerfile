# sandbox-agent: multi-stage build of a static-stdlib release binary on a slim Debian runtime.
#   docker build -t sandbox-agent .
#   docker run --rm -p 2468:2468 sandbox-agent
# The binary and its resource bundle are built exactly as `make release-check` builds and checks them.

FROM swift:6.3-bookworm AS build
WORKDIR /src
RUN apt-get update \
    && apt-get install -y --no-install-recommends pkg-config libsqlite3-dev \
        libx11-dev libxext-dev libxtst-dev libxfixes-dev libxdamage-dev libdeflate-dev libjpeg62-turbo-dev libwebp-dev \
    && rm -rf /var/lib/apt/lists/*
# Resolve dependencies first so source edits do not invalidate that layer.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Resources ./Resources
COPY Desktop ./Desktop
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib -Xlinker -s \
    && mkdir /out \
    && cp .build/release/sandbox-agent /out/ \
    && cp -R .build/release/sandbox-agent_SandboxAgentResources.resources /out/

FROM debian:bookworm-slim
# What the static binary still links dynamically (see docs/deploy.md for `ldd`): glibc, libstdc++,
# libgcc, zlib, SQLite, Xlib + Xext + XTest + XFixes + Xdamage, libdeflate, libjpeg-turbo, libwebp — and
# ca-certificates for outbound TLS. The desktop (POST /v1/desktop/start) runs Xvfb and openbox with
# DejaVu fonts: the same packages `sandbox-agent install desktop` installs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libstdc++6 zlib1g libsqlite3-0 ca-certificates tini \
        libx11-6 libxext6 libxtst6 libxfixes3 libxdamage1 libdeflate0 libjpeg62-turbo libwebp7 \
        xvfb openbox xauth fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 sandbox
COPY --from=build /out/ /usr/local/bin/
USER sandbox
WORKDIR /home/sandbox
EXPOSE 2468
# tini reaps orphans and forwards SIGTERM, so `docker stop` shuts the server down cleanly.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sandbox-agent", "server", "--host", "0.0.0.0", "--no-token"]
