// swift-tools-version: 6.2
// sandbox-agent: one binary that runs coding agents and drives a desktop inside a sandbox.
// Linux only (Glibc, epoll, openat2, PTYs, X11): no other platform is declared, built or tested.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Targets and products built only with the `Postgres` trait (on by default).
let withPostgres: TargetDependencyCondition? = .when(traits: ["Postgres"])

let package = Package(
    name: "sandbox-agent",
    products: [
        .executable(name: "sandbox-agent", targets: ["sandbox-agent"]),
        .library(name: "SandboxAgentClient", targets: ["SandboxAgentClient"]),
    ],
    traits: [
        // `swift build --disable-default-traits` builds a binary without PostgreSQL (no postgres-nio):
        // `--storage` takes memory and sqlite:PATH there, and says how to get a build with postgres://.
        .trait(name: "Postgres", description: "The PostgreSQL session store (--storage postgres://…, on postgres-nio)."),
        .default(enabledTraits: ["Postgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.3.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // The executable: argument parsing only.
        .executableTarget(
            name: "sandbox-agent",
            dependencies: [
                "SandboxAgentServer",
                "SandboxAgentClient",
                "SandboxAgentAPI",
                "AgentInstall",
                "ACP",
                "ProcessRuntime",
                "FileSystem",
                "MockAgent",
                "DesktopRuntime",
                "SessionStore",
                .target(name: "SessionStorePostgres", condition: withPostgres),
                "AgentSessions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP layer: routes, auth, CORS, ProblemDetails, SSE, WebSocket. Thin: decode, call, encode.
        .target(
            name: "SandboxAgentServer",
            dependencies: [
                "SandboxAgentAPI",
                "ProcessRuntime",
                "FileSystem",
                "AgentSessions",
                "AgentInstall",
                "SessionStore",
                .target(name: "SessionStorePostgres", condition: withPostgres),
                "DesktopRuntime",
                "DesktopMCP",
                "ACP",
                "SandboxAgentResources",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSCompression", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Child processes: process groups, PTYs, log buffers, reaping. Used by routes, agents, desktop.
        .target(
            name: "ProcessRuntime",
            dependencies: [
                "CProcessSpawn",
                "SandboxAgentAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // JSON-RPC 2.0 and ACP wire types shared by the session engine and the mock agent.
        .target(name: "ACP", swiftSettings: swiftSettings),
        // The HTTP API's wire types, defined once: requests, responses and `_sandboxagent/*` method
        // names, used by the server, the CLI and the client. No NIO, no process or file-system code.
        .target(name: "SandboxAgentAPI", dependencies: ["ACP"], swiftSettings: swiftSettings),
        // Durable sessions and transcripts: the store protocol, in-memory and SQLite backends.
        .target(
            name: "SessionStore",
            dependencies: ["ACP", "SandboxAgentAPI", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Sessions and transcripts in PostgreSQL (`--storage postgres://…`): many servers, one database.
        // Linked only with the `Postgres` trait (`#if Postgres` where it is used).
        .target(
            name: "SessionStorePostgres",
            dependencies: [
                "ACP", "SandboxAgentAPI", "SessionStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The session engine: ACP client, agent drivers, event log, permissions, fs/terminal methods.
        .target(
            name: "AgentSessions",
            dependencies: [
                "ACP", "SandboxAgentAPI", "SessionStore", "ProcessRuntime", "FileSystem", "AgentInstall", "MockAgent",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Installs agent CLIs and ACP adapters from npm, GitHub releases and the ACP registry.
        .target(
            name: "AgentInstall",
            dependencies: [
                "SandboxAgentAPI",
                "FileSystem",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The desktop: supervised Xvfb + window manager, X11 capture and XTest input on one executor.
        .target(
            name: "DesktopRuntime",
            dependencies: [
                "CX11", "CDesktopCodec", "CDesktopLibraries", "ProcessRuntime", "SandboxAgentAPI", "ACP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The desktop as an MCP server (tools over the desktop runtime), for any transport.
        .target(
            name: "DesktopMCP",
            dependencies: ["ACP", "DesktopRuntime", "SandboxAgentAPI", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // Xlib, MIT-SHM, XTest, XFixes and DAMAGE headers plus error handlers that never exit the process.
        .target(name: "CX11", dependencies: ["CDesktopLibraries"], path: "Desktop/CX11"),
        // The pixel hot path in C: BGRX scaling, cursor compositing, PNG (libdeflate), JPEG, WebP.
        .target(
            name: "CDesktopCodec",
            dependencies: ["CDesktopLibraries"],
            path: "Desktop/CDesktopCodec",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        // The X11 and codec libraries of CX11 and CDesktopCodec, loaded with dlopen when the desktop
        // starts (not linked), so the binary starts on systems without them.
        .target(name: "CDesktopLibraries", path: "Desktop/CDesktopLibraries"),
        // The built-in mock ACP agent (`sandbox-agent mock-agent`): deterministic, valid ACP.
        .target(name: "MockAgent", dependencies: ["ACP"], swiftSettings: swiftSettings),
        // fork/exec with a new session or process group and an optional PTY, in C (no Swift after fork).
        .target(name: "CProcessSpawn"),
        // The /v1/fs operations: path policy (fs-root), listing, stat, moves, tar extraction.
        .target(
            name: "FileSystem",
            dependencies: ["CFileSystem", "SandboxAgentAPI"],
            swiftSettings: swiftSettings
        ),
        // openat2(2) and renameat2(2), which Glibc does not export to Swift (variadic syscall(2)).
        .target(name: "CFileSystem"),
        // Typed async client of the HTTP API, used by the CLI's `api` commands and the tests.
        .target(
            name: "SandboxAgentClient",
            dependencies: [
                "ACP",
                "SandboxAgentAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Top-level Resources/: the OpenAPI document and the Inspector web UI (ui/).
        .target(
            name: "SandboxAgentResources",
            path: "Resources",
            resources: [.copy("openapi.json"), .copy("ui")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProcessRuntimeTests",
            dependencies: ["ProcessRuntime", "SandboxAgentAPI"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionStoreTests",
            dependencies: [
                "SessionStore", "SandboxAgentAPI", "TestPostgres",
                .target(name: "SessionStorePostgres", condition: withPostgres),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: withPostgres),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentSessionsTests",
            dependencies: ["AgentSessions", "SessionStore", "SandboxAgentAPI", "ACP", "ProcessRuntime", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentInstallTests",
            dependencies: ["AgentInstall"],
            swiftSettings: swiftSettings
        ),
        // The wire types against Resources/openapi.json.
        .testTarget(
            name: "SandboxAgentAPITests",
            dependencies: ["SandboxAgentAPI", "SandboxAgentResources"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ACPTests",
            dependencies: ["ACP"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MockAgentTests",
            dependencies: ["MockAgent", "ACP", "TestThreads"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DesktopRuntimeTests",
            dependencies: ["DesktopRuntime", "SandboxAgentAPI", "CDesktopCodec", "CTestImageDecoding"],
            swiftSettings: swiftSettings
        ),
        // A real PostgreSQL server for tests: initdb + pg_ctl in a temporary directory on a free port.
        .target(name: "TestPostgres", dependencies: ["TestThreads"], path: "Tests/Support/TestPostgres", swiftSettings: swiftSettings),
        // Blocking test work on threads of its own, off Swift's cooperative pool.
        .target(name: "TestThreads", path: "Tests/Support/TestThreads", swiftSettings: swiftSettings),
        // Test-only decoders (libpng, libjpeg, libwebp) that check what the encoders produce.
        .target(
            name: "CTestImageDecoding",
            path: "Tests/Support/CTestImageDecoding",
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg"), .linkedLibrary("webp")]
        ),
        .testTarget(
            name: "FileSystemTests",
            dependencies: ["FileSystem", "CFileSystem", "SandboxAgentAPI", "TestThreads"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SandboxAgentServerTests",
            dependencies: [
                "SandboxAgentServer", "SandboxAgentResources", "SandboxAgentAPI", "ProcessRuntime", "FileSystem", "AgentSessions", "AgentInstall", "SessionStore",
                "DesktopRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Starts the real `sandbox-agent` binary on an ephemeral port and talks HTTP to it.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "sandbox-agent",
                "SandboxAgentClient",
                "SandboxAgentAPI",
                "FileSystem",
                "CTestImageDecoding",
                "TestPostgres",
                "TestThreads",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
