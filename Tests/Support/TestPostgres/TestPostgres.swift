public import Foundation
import TestThreads
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server for tests: a new cluster (`initdb`) in a temporary directory on a
/// free loopback port, started with `pg_ctl -w` (which waits until it accepts connections, with a
/// deadline). As root, the cluster runs as the `postgres` user (PostgreSQL refuses root).
///
/// The binaries come from Debian's `postgresql` package (`scripts/install-deps.sh --test`), or
/// from `SANDBOX_AGENT_TEST_PG_BIN`. When they are missing, `start()` throws: tests that need a
/// database fail, saying so, rather than pass without one.
public final class TestPostgres: Sendable {
    public let port: Int
    public let directory: URL
    private let binaries: URL
    private let runAs: String?

    /// The superuser of the cluster (trust authentication on loopback).
    public static let user = "sandbox"

    /// Starts a new cluster; `stop()` it when done (or use `withTestPostgres`).
    public static func start() async throws -> TestPostgres {
        let binaries = try findBinaries()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let runAs = getuid() == 0 ? "postgres" : nil
        if let runAs {
            guard let account = getpwnam(runAs) else {
                throw TestPostgresError("running as root, and there is no '\(runAs)' user to run PostgreSQL as (Debian's postgresql package creates it)")
            }
            guard chown(directory.path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw TestPostgresError("cannot give \(directory.path) to \(runAs): errno \(errno)")
            }
        }
        var server = TestPostgres(port: try freeLoopbackPort(), directory: directory, binaries: binaries, runAs: runAs)
        try await server.run(
            "initdb", ["-D", server.dataDirectory, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        for attempt in 1... {
            do {
                try await server.startServer()
                return server
            } catch let error as TestPostgresError where attempt < 3 && error.description.contains("Address already in use") {
                // Another process bound the port between freeLoopbackPort() and the server's bind: the same cluster on another port.
                server = TestPostgres(port: try freeLoopbackPort(), directory: directory, binaries: binaries, runAs: runAs)
            }
        }
        fatalError("unreachable: the loop returns or throws")
    }

    private init(port: Int, directory: URL, binaries: URL, runAs: String?) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
        self.runAs = runAs
    }

    private var dataDirectory: String { directory.appendingPathComponent("data").path }

    /// A new, empty database on this server and its URL.
    public func createDatabase(_ name: String = "t_" + UUID().uuidString.prefix(8).lowercased()) async throws -> String {
        try await run("createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, name])
        return url(database: name)
    }

    /// The URL of `database` (no TLS: the test server has no certificate).
    public func url(database: String) -> String {
        "postgres://\(Self.user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Starts the server again after `stopServer()` (same port, same data).
    public func startServer() async throws {
        try await run("pg_ctl", [
            "-D", dataDirectory, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60",
            "-o", "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40",
            "start",
        ])
    }

    /// Stops the server at once (`-m immediate`: connections are cut, as in a crash or outage).
    public func stopServer() async throws {
        try await run("pg_ctl", ["-D", dataDirectory, "-w", "-t", "60", "-m", "immediate", "stop"])
    }

    /// Stops the server and removes its files.
    public func stop() async {
        try? await stopServer()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The server's log, for failure messages.
    public var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }

    /// Runs one of the PostgreSQL programs (as `runAs` when set) and waits for it; throws with its
    /// output when it fails. posix_spawn and waitpid, output to a file, every other descriptor
    /// closed: Foundation's `Process` does not always see the exit of a child whose grandchild
    /// (the postmaster) lives on, and passes the test process's descriptors on.
    private func run(_ program: String, _ arguments: [String]) async throws {
        // Waiting for initdb or pg_ctl takes seconds.
        try await onOwnThread { try self.runBlocking(program, arguments) }
    }

    private func runBlocking(_ program: String, _ arguments: [String]) throws {
        let executable = binaries.appendingPathComponent(program).path
        let argv = runAs.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]
        let outputPath = directory.appendingPathComponent("\(program).out").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process: the postmaster lives on, and an inherited pipe end
        // (another test's agent's stdin) would never reach end-of-file.
        // (Swift does not see glibc's addclosefrom_np; the descriptors open now are closed one by one.)
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for descriptor in open where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        let cArguments = (argv + arguments).map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw TestPostgresError("cannot start \(argv[0]): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw TestPostgresError("\(program) \(arguments.joined(separator: " ")) failed (status \(status)): \(output)\n\(log)")
        }
    }

    /// The directory of initdb, pg_ctl and createdb: `SANDBOX_AGENT_TEST_PG_BIN`, else the newest
    /// `/usr/lib/postgresql/<version>/bin`.
    private static func findBinaries() throws -> URL {
        if let given = ProcessInfo.processInfo.environment["SANDBOX_AGENT_TEST_PG_BIN"], !given.isEmpty {
            return URL(fileURLWithPath: given)
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted()
            .filter { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
        guard let newest = versions.last else {
            throw TestPostgresError(
                "PostgreSQL server programs (initdb, pg_ctl) not found under \(root): install Debian's postgresql package (scripts/install-deps.sh --test) or set SANDBOX_AGENT_TEST_PG_BIN")
        }
        return URL(fileURLWithPath: "\(root)/\(newest)/bin")
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick for port 0).
public func freeLoopbackPort() throws -> Int {
    let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketFD >= 0 else { throw TestPostgresError("socket: errno \(errno)") }
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
    }
    guard bound else { throw TestPostgresError("cannot find a free port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Runs `body` with a new PostgreSQL server, stopped and removed afterwards whatever happens.
public func withTestPostgres<Result>(_ body: (TestPostgres) async throws -> Result) async throws -> Result {
    let server = try await TestPostgres.start()
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Why the test server could not be set up.
public struct TestPostgresError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
