import CTestImageDecoding
import Foundation
import NIOHTTP1
import SandboxAgentClient
import Synchronization
import Testing

/// Running desktops for the tests: each test gets its own server and display, numbered from a
/// per-test-process base so parallel tests never race for the same display.
enum DesktopTesting {
    private static let nextDisplay = Atomic<Int>(0)

    /// Whether the machine has what the desktop tests need (scripts/install-deps.sh --test installs it).
    static let available: Bool = {
        let path = Foundation.ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let programs = ["Xvfb", "openbox"]
        let found = programs.allSatisfy { program in
            path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
        }
        return found && FileManager.default.fileExists(atPath: X11Probe.script.path) && pythonHasXlib
    }()

    private static var pythonHasXlib: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import Xlib"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let skipMessage = "needs Xvfb, openbox and python-xlib: scripts/install-deps.sh --test"

    /// A display number base unlikely to be used by anything else on the machine.
    static func displayNumber() -> Int {
        300 + Int(getpid() % 50) * 40 + nextDisplay.add(1, ordering: .relaxed).oldValue * 2
    }
}

/// A server with a started desktop of `width` x `height`: the typed client for what checks the
/// contract, raw requests for what checks HTTP itself (bad input, status codes, headers).
struct DesktopSession {
    let server: TestServer
    let display: String
    var client: SandboxAgentClient { SandboxAgentClient(endpoint: server.url) }

    func url(_ path: String) -> String { server.address(path) }

    func post(_ path: String, _ body: Any) async throws -> HTTPResult {
        try await HTTP.json(.POST, url(path), body)
    }

    func get(_ path: String) async throws -> HTTPResult {
        try await HTTP.send(.GET, url(path))
    }
}

/// Runs `body` with a fresh server (with `environment` added to its own) whose desktop is
/// started; stops both afterwards.
func withDesktop<T>(
    width: Int = 640, height: Int = 480, environment: [String: String] = [:], _ body: (DesktopSession) async throws -> T
) async throws -> T {
    try await withServer(["--no-token", "--storage", "memory"], environment: environment) { server in
        let stateDirectory = server.dataDirectory.appendingPathComponent("desktop").path
        let started = try await HTTP.json(
            .POST, server.address("/v1/desktop/start"),
            ["width": width, "height": height, "displayNum": DesktopTesting.displayNumber(), "stateDir": stateDirectory])
        guard started.status == 200, let display = try started.json()["display"] as? String else {
            throw TestFailure("desktop did not start: \(started.status) \(started.text)")
        }
        let session = DesktopSession(server: server, display: display)
        do {
            let result = try await body(session)
            _ = try? await HTTP.send(.POST, server.address("/v1/desktop/stop"))
            return result
        } catch {
            _ = try? await HTTP.send(.POST, server.address("/v1/desktop/stop"))
            throw error
        }
    }
}

/// A decoded image: RGB bytes, row-major.
struct DecodedImage {
    let width: Int
    let height: Int
    let rgb: [UInt8]

    init(width: Int, height: Int, rgb: [UInt8]) {
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    init(_ data: Data) throws {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { bytes in
            sa_test_decode(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count, &pixels, &width, &height, &message)
        }
        guard status == 0, let pixels else {
            throw TestFailure("cannot decode image: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        defer { sa_test_free(pixels) }
        self.width = Int(width)
        self.height = Int(height)
        rgb = Array(UnsafeBufferPointer(start: pixels, count: Int(width) * Int(height) * 3))
    }

    /// The pixel at (x, y) as 0xRRGGBB.
    func pixel(_ x: Int, _ y: Int) -> Int {
        let index = (y * width + x) * 3
        return Int(rgb[index]) << 16 | Int(rgb[index + 1]) << 8 | Int(rgb[index + 2])
    }

    /// Whether the pixel is within `tolerance` of `color` on every channel.
    func pixel(_ x: Int, _ y: Int, isNear color: Int, tolerance: Int) -> Bool {
        let actual = pixel(x, y)
        return [16, 8, 0].allSatisfy { abs(((actual >> $0) & 0xFF) - ((color >> $0) & 0xFF)) <= tolerance }
    }
}
