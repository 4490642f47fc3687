import Foundation
import Glibc
import NIOHTTP1
import SandboxAgentClient
import Synchronization
import Testing

@Suite("Desktop lifecycle", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct DesktopLifecycleTests {
    @Test func startStatusStopThroughTheStates() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let client = SandboxAgentClient(endpoint: server.url)
            let inactive = try await client.desktopStatus()
            #expect(inactive.state == .inactive)
            #expect(inactive.missingDependencies == [])

            let refused = try await HTTP.send(.GET, server.address("/v1/desktop/screenshot"))
            #expect(refused.status == 409)
            #expect(refused.problemCode == "desktop_runtime_inactive")

            let number = DesktopTesting.displayNumber()
            let stateDir = server.dataDirectory.appendingPathComponent("desk").path
            let active = try await client.startDesktop(DesktopStartRequest(width: 800, height: 600, dpi: 120, displayNum: number, stateDir: stateDir))
            #expect(active.state == .active)
            #expect(active.display == ":\(number)")
            #expect(active.resolution == DesktopResolution(width: 800, height: 600, dpi: 120))
            #expect(active.processes.map(\.name) == ["Xvfb", "openbox"])
            #expect(active.processes.allSatisfy { $0.running })
            #expect(active.runtimeLogPath == stateDir + "/desktop-runtime.log")
            #expect(FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)"))

            // The supervised programs are desktop-owned processes of the process API.
            #expect(try await client.listProcesses(owner: .desktop).count == 2)

            // Starting again is idempotent: same display, same processes.
            let again = try await client.startDesktop()
            #expect(again.display == ":\(number)")
            #expect(again.processes.map(\.pid) == active.processes.map(\.pid))

            let stopped = try await client.stopDesktop()
            #expect(stopped.state == .inactive)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)"))
            let pids = active.processes.compactMap(\.pid)
            #expect(pids.count == 2 && pids.allSatisfy { kill($0, 0) != 0 }, "Xvfb and openbox are gone")
            let after = try await HTTP.json(.POST, server.address("/v1/desktop/mouse/move"), ["x": 1, "y": 1])
            #expect(after.status == 409)
        }
    }

    @Test func startPicksTheNextDisplayWhenOneIsTaken() async throws {
        let taken = DesktopTesting.displayNumber()
        let socket = "/tmp/.X11-unix/X\(taken)"
        try FileManager.default.createDirectory(atPath: "/tmp/.X11-unix", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: socket, contents: nil))
        defer { unlink(socket) }
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let client = SandboxAgentClient(endpoint: server.url)
            let started = try await client.startDesktop(
                DesktopStartRequest(width: 320, height: 240, displayNum: taken, stateDir: server.dataDirectory.path + "/desk"))
            #expect(started.display == ":\(taken + 1)")
            try await client.stopDesktop()
        }
    }

    @Test func aKilledXServerIsRestartedAndReported() async throws {
        try await withDesktop(width: 320, height: 240) { desktop in
            let before = try await desktop.client.desktopStatus()
            let pid = try #require(before.processes.first?.pid)
            kill(pid, SIGKILL)
            var status = before
            let restarted = try await eventually {
                status = try await desktop.client.desktopStatus()
                return status.state == .active && status.processes.first?.restarts == 1 && status.processes.allSatisfy(\.running)
            }
            #expect(restarted, "status after kill: \(status)")
            #expect(status.lastError?.code == "desktop_process_restarted")
            #expect(status.lastError?.message.contains("signal 9") == true)
            #expect(status.display == desktop.display)
            let shot = try await desktop.get("/v1/desktop/screenshot")
            #expect(shot.status == 200)
        }
    }

    /// Screenshots while Xvfb is killed and restarted: each answer is an image or the documented
    /// 409 of a desktop that is (re)starting — never a 5xx — and the 409 is really seen: the
    /// restart is held open (its openbox waits for a gate) until a screenshot got it.
    @Test func screenshotsDuringARestartAreImagesOr409() async throws {
        let gate = try RestartGate()
        defer { gate.remove() }
        try await withDesktop(width: 320, height: 240, environment: gate.environment) { desktop in
            let pid = try #require(try await desktop.client.desktopStatus().processes.first?.pid)
            let restarted = Flag(), conflicts = Counter()
            let screenshot = desktop.url("/v1/desktop/screenshot"), client = desktop.client
            let answers = try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        var answers: [(Int, String)] = []
                        let end = ContinuousClock.now + .seconds(60)
                        // Until the desktop is back, and at least six answers each.
                        while !(restarted.isSet && answers.count >= 6), ContinuousClock.now < end {
                            let shot = try await HTTP.send(.GET, screenshot)
                            if shot.status == 409 { conflicts.increment() }
                            answers.append((shot.status, shot.status == 200 ? "" : shot.text))
                        }
                        return answers
                    }
                }
                group.addTask {
                    kill(pid, SIGKILL)
                    // The restart waits at the gate until a screenshot was refused with 409.
                    let refused = await eventually { conflicts.value > 0 }
                    gate.open()
                    if !refused { throw TestFailure("no screenshot got a 409 while the restart was held") }
                    let back = try await eventually {
                        let status = try await client.desktopStatus()
                        return status.state == .active && status.processes.first?.restarts == 1
                    }
                    restarted.set()
                    if !back { throw TestFailure("the desktop did not come back") }
                    return []
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let bad = answers.filter { $0.0 != 200 && $0.0 != 409 }
            #expect(bad.isEmpty, "\(bad.count) of \(answers.count) answers were neither 200 nor 409: \(bad.prefix(3))")
            let refused = answers.filter { $0.0 == 409 }
            #expect(!refused.isEmpty, "a screenshot during the restart was refused with 409")
            for (_, body) in refused {
                #expect(body.contains("desktop_runtime_starting"), "a 409 says the desktop is restarting: \(body)")
            }
            #expect(answers.last?.0 == 200, "the restarted desktop answers")
        }
    }

    @Test func serverShutdownStopsTheDesktop() async throws {
        let server = try await TestServer(["--no-token", "--storage", "memory"])
        let number = DesktopTesting.displayNumber()
        let started = try await SandboxAgentClient(endpoint: server.url).startDesktop(
            DesktopStartRequest(width: 320, height: 240, displayNum: number, stateDir: server.dataDirectory.path + "/desk"))
        let pids = started.processes.compactMap(\.pid)
        #expect(pids.count == 2)
        #expect(await server.stop() == 0)
        #expect(pids.allSatisfy { kill($0, 0) != 0 }, "Xvfb and openbox end with the server")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)"))
    }

    @Test func missingProgramsMeanInstallRequired() async throws {
        try await withServer(["--no-token", "--storage", "memory"], environment: ["PATH": "/nonexistent"]) { server in
            let status = try await SandboxAgentClient(endpoint: server.url).desktopStatus()
            #expect(status.state == .installRequired)
            #expect(status.missingDependencies == ["Xvfb", "openbox"])
            #expect(status.installCommand == "sandbox-agent install desktop --yes")
            let start = try await HTTP.json(.POST, server.address("/v1/desktop/start"), [:])
            #expect(start.status == 503)
            #expect(start.problemCode == "desktop_dependencies_missing")
            #expect(try start.json()["missingDependencies"] as? [String] == ["Xvfb", "openbox"])
        }
    }
}

/// A count tasks raise and others read.
private final class Counter: Sendable {
    private let count = Atomic(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}

/// A directory for the front of the server's PATH whose `openbox` starts the real one at once the
/// first time and waits for `open()` every later time: a display restart stays in `starting`
/// (its window manager not yet up) for as long as a test needs, without timing.
private struct RestartGate {
    let directory: URL
    var environment: [String: String] {
        ["PATH": directory.path + ":" + (Foundation.ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
    }

    init() throws {
        let path = Foundation.ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let openbox = path.split(separator: ":").map({ "\($0)/openbox" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestFailure("openbox is not on PATH")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            if [ -e '\(directory.path)/started' ]; then
                while [ ! -e '\(directory.path)/open' ]; do sleep 0.01; done
            fi
            : > '\(directory.path)/started'
            exec '\(openbox)' "$@"

            """
        let wrapper = directory.appendingPathComponent("openbox")
        try script.write(to: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
    }

    func open() { FileManager.default.createFile(atPath: directory.appendingPathComponent("open").path, contents: nil) }
    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A flag one task raises and others read.
private final class Flag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
