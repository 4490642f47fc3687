# sandbox-agent: multi-stage build of a static-stdlib release binary on a slim Debian runtime.
#   docker build -t sandbox-agent .                                # the default (last) target: slim
#   docker build -t sandbox-agent:full --target full .             # + desktop packages and agents
#   docker run --rm -p 2468:2468 sandbox-agent                      # server --host 0.0.0.0 --no-token
#   docker run --rm -p 2468:2468 sandbox-agent server --no-token --host 0.0.0.0 --port 2468
# The image runs `sandbox-agent` behind tini, so arguments are sandbox-agent's (as upstream's
# image takes them). The binary and its resource bundle are built exactly as `make release-check`
# builds and checks them.

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
COPY scripts/build-release-static.sh ./scripts/
COPY scripts/static-link ./scripts/static-link
RUN scripts/build-release-static.sh .build \
    && mkdir /out \
    && cp .build/release/sandbox-agent /out/ \
    && cp -R .build/release/sandbox-agent_SandboxAgentResources.resources /out/

# What every image has: the binary and what it links dynamically (see docs/deploy.md for `ldd`):
# glibc, libgcc, zlib (SQLite and libstdc++ are linked in) — and ca-certificates for outbound TLS,
# tini as PID 1. The desktop (POST /v1/desktop/start) loads Xlib + Xext + XTest + XFixes + Xdamage,
# libdeflate, libjpeg-turbo and libwebp when it starts, and runs Xvfb and openbox with DejaVu
# fonts: the same packages `sandbox-agent install desktop` installs.
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g ca-certificates tini \
        libx11-6 libxext6 libxtst6 libxfixes3 libxdamage1 libdeflate0 libjpeg62-turbo libwebp7 \
        xvfb openbox xauth fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 sandbox
COPY --from=build /out/ /usr/local/bin/
USER sandbox
WORKDIR /home/sandbox
EXPOSE 2468
# tini reaps orphans and forwards SIGTERM, so `docker stop` shuts the server down cleanly.
# `docker run IMAGE server --no-token --host 0.0.0.0 --port 2468` (upstream's line) replaces CMD.
ENTRYPOINT ["/usr/bin/tini", "--", "sandbox-agent"]
CMD ["server", "--host", "0.0.0.0", "--no-token"]

# Upstream's `-full` image: besides the desktop above, more fonts, xdg-utils (for
# /v1/desktop/open), ffmpeg, bubblewrap, git and curl for agents, and agents installed at build time.
# AGENTS lists the agents to install (empty: none). An agent that cannot be installed fails the
# build: an image that silently lacks an agent would fail later, at the first session.
FROM runtime AS full
ARG AGENTS="claude codex"
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-liberation ffmpeg bubblewrap xdg-utils git curl \
    && rm -rf /var/lib/apt/lists/*
USER sandbox
RUN for agent in $AGENTS; do sandbox-agent install-agent "$agent" || exit 1; done

# The default target (last stage): the image without ffmpeg, bubblewrap and agents (agents are
# installed on first use or with `docker exec … sandbox-agent install-agent claude`).
FROM runtime AS slim
