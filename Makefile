# sandbox-agent — the two commands a fresh machine needs:
#   make server   set up and run the server on http://127.0.0.1:2468
#   make test     set up and run every test
SWIFT ?= swift
SERVER_ARGS ?=

.PHONY: server test build release release-static release-check bench deps test-deps clean help

help:
	@echo "make server        build (release) and run the server; SERVER_ARGS='--port 3000' to pass flags"
	@echo "make test          install test dependencies, build, run all tests (Swift suites, then the security suite in Tests/Security)"
	@echo "make release-check build the static release binary (as the Dockerfile does) and check it serves /v1/health"
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

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-xctest
	python3 -m pytest -q Tests/Security

release-static: deps
	$(SWIFT) build -c release --static-swift-stdlib -Xlinker -s --scratch-path .build-static

release-check: release-static
	scripts/check-release-binary.sh .build-static/release

bench: release
	bench/run.sh

clean:
	rm -rf .build .build-static
