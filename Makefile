# sandbox-agent — the two commands a fresh machine needs:
#   make server   set up and run the server on http://127.0.0.1:2468
#   make test     set up and run every test
SWIFT ?= swift
SERVER_ARGS ?=
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin

.PHONY: server test build release release-static release-check minimal-check nopg-check install install-static dist dist-check bench deps test-deps clean help

help:
	@echo "make server        build (release) and run the server; SERVER_ARGS='--port 3000' to pass flags"
	@echo "make test          install test dependencies, build, run all tests (Swift suites, the security suite in Tests/Security, the SDK suites, the Inspector in headless Chromium in Tests/Browser)"
	@echo "make release-check build the static release binary (as the Dockerfile does) and check it serves /v1/health"
	@echo "make minimal-check run the static binary in a minimal Debian root file system (debootstrap minbase; needs root)"
	@echo "make nopg-check    build without the Postgres trait (swift build --disable-default-traits) and check that binary"
	@echo "make install       build (release) and install sandbox-agent + its resource bundle into PREFIX/bin (default PREFIX=/usr/local)"
	@echo "make dist          pack the static release binary as dist/sandbox-agent-<version>-linux-<arch>.tar.gz + dist/SHA256SUMS"
	@echo "make dist-check    check install-static and dist on the static build (install, extract, --version, /v1/health, symbol pins, glibc floor in docs/deploy.md)"
	@echo "make bench         run the benchmarks in bench/ (installs wrk and hyperfine)"

deps:
	scripts/install-deps.sh

test-deps:
	scripts/install-deps.sh --test

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

server: release
	.build/release/sandbox-agent server $(SERVER_ARGS)

# How many Swift tests run at once. Unbounded, the runner starts all 400+ together (hundreds of
# servers, agents and X clients on two cores) and their deadlines pass while they wait for a CPU:
# at load 18 the suite took 354 s with 22 failures unbounded, 249 s with none at 16.
TEST_WIDTH ?= 16

test: test-deps
	$(SWIFT) build --build-tests
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) $(SWIFT) test --disable-xctest
	python3 -m pytest -q Tests/Security
	python3 -m pytest -q Tests/Browser
	scripts/test-sdks.sh

release-static: deps
	SWIFT=$(SWIFT) scripts/build-release-static.sh .build-static

release-check: release-static
	scripts/check-release-binary.sh .build-static/release

# The static build inside `debootstrap --variant=minbase bookworm` (cached in /var/cache/sandbox-agent):
# health, files, processes and a mock session work there, and the desktop says install_required.
minimal-check: release-static
	scripts/install-deps.sh --minimal-check
	python3 scripts/check-minimal-rootfs.py .build-static/release

# The build without PostgreSQL (package trait Postgres off): no postgres-nio, SQLite works, and
# --storage postgres:// is refused saying how to get a build with it. Rebuilds this package's
# targets in .build (the next default build rebuilds them again).
nopg-check: deps
	SWIFT=$(SWIFT) scripts/check-without-postgres.sh

# The binary looks for sandbox-agent_SandboxAgentResources.resources next to itself, so both go to $(BINDIR).
install: release
	scripts/install-binary.sh .build/release "$(DESTDIR)$(BINDIR)"

# The same from the static-stdlib build (what `make dist` packs).
install-static: release-static
	scripts/install-binary.sh .build-static/release "$(DESTDIR)$(BINDIR)"

dist: release-static
	scripts/dist.sh .build-static/release

dist-check: release-static
	scripts/check-install.sh
	scripts/static-link/check-symbol-pins.sh
	python3 scripts/check-glibc-floor.py .build-static/release

bench: release
	bench/run.sh

clean:
	rm -rf .build .build-static dist
