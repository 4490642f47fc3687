import Foundation
import NIOHTTP1
import SandboxAgentClient
import TestThreads
import Testing

/// Whether ffmpeg and ffprobe are installed (scripts/install-deps.sh --test installs them).
private let hasFFmpeg = ["/usr/bin/ffmpeg", "/usr/bin/ffprobe"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

/// Recordings (`/v1/desktop/recording*`) with the real ffmpeg on a real Xvfb.
@Suite("Desktop recordings", .enabled(if: DesktopTesting.available && hasFFmpeg, "needs ffmpeg: scripts/install-deps.sh --test"))
struct DesktopRecordingTests {
    /// Runs ffprobe/ffmpeg (on a thread of its own: decoding takes seconds) and returns stdout.
    private func run(_ tool: String, _ arguments: [String]) async throws -> String {
        try await onOwnThread { try Self.runBlocking(tool, arguments) }
    }

    private static func runBlocking(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readRemaining()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("\(tool) \(arguments) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aRecordingIsAPlayableH264MP4ThatShowsTheChangeAndOutlivesTheServer() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-recording-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let server = try await TestServer(["--no-token", "--storage", "memory"], dataDirectory: dataDirectory)
        let client = SandboxAgentClient(endpoint: server.url)
        let display = try await startDesktop(on: server)

        // From before the request to after the stop's answer: the video cannot be longer than that.
        let began = ContinuousClock.now
        let recording = try await client.startRecording(DesktopRecordingStartRequest(fps: 10))
        let id = recording.id
        #expect(recording.status == .recording && recording.fps == 10)
        let again = try await HTTP.json(.POST, server.address("/v1/desktop/recording/start"), [String: Any]())
        #expect(again.status == 409, "one recording at a time")
        let deleteActive = try await HTTP.send(.DELETE, server.address("/v1/desktop/recordings/\(id)"))
        #expect(deleteActive.status == 409)

        // Half-way through, a red rectangle appears.
        try await Task.sleep(for: .seconds(2))
        let probe = try await X11Probe.start("paint", ["--rect", "0,0,320,240,ff0000"], display: display)
        defer { probe.stop() }
        try await Task.sleep(for: .seconds(2))
        let info = try await client.stopRecording()
        let elapsed = ContinuousClock.now - began
        #expect(info.id == id && info.status == .completed && info.endReason == .stopped, "\(info)")
        let duration = try #require(info.durationSeconds)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // At least the 2 s before the paint plus the paint (the last frame shows it), at most the
        // time from the start request to the stop's answer (a loaded machine delays ffmpeg's start).
        #expect(duration > 2 && duration <= seconds + 0.5, "video \(duration) s for \(seconds) s of recording")

        let file = dataDirectory.appendingPathComponent("recordings/\(id).mp4").path
        let probed = try await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name:format=format_name", "-of", "default=nw=1", file])
        #expect(probed.contains("codec_name=h264") && probed.contains("mp4"), "\(probed)")
        // A frame from the end shows the change; one from the start does not (away from the pointer, drawn mid-screen).
        let last = dataDirectory.appendingPathComponent("last.png").path, first = dataDirectory.appendingPathComponent("first.png").path
        _ = try await run("ffmpeg", ["-v", "error", "-sseof", "-0.5", "-i", file, "-frames:v", "1", "-y", last])
        _ = try await run("ffmpeg", ["-v", "error", "-i", file, "-frames:v", "1", "-y", first])
        #expect(try DecodedImage(Data(contentsOf: URL(fileURLWithPath: last))).pixel(40, 40, isNear: 0xFF0000, tolerance: 40))
        #expect(try !DecodedImage(Data(contentsOf: URL(fileURLWithPath: first))).pixel(40, 40, isNear: 0xFF0000, tolerance: 40))

        let bytes = Int(info.bytes)
        let range = try await HTTP.send(.GET, server.address("/v1/desktop/recordings/\(id)/download"), headers: [("Range", "bytes=0-99")])
        #expect(range.status == 206 && range.body.count == 100 && range.headers.first(name: "content-range") == "bytes 0-99/\(bytes)")
        let whole = try await HTTP.send(.GET, server.address("/v1/desktop/recordings/\(id)/download"))
        #expect(whole.status == 200 && whole.body.count == bytes && whole.headers.first(name: "content-type") == "video/mp4")
        #expect(whole.body.prefix(100) == range.body)
        let outside = try await HTTP.send(.GET, server.address("/v1/desktop/recordings/\(id)/download"), headers: [("Range", "bytes=\(bytes)-")])
        #expect(outside.status == 416)
        await server.stop(keepingData: true)

        try await withServer(["--no-token", "--storage", "memory"], dataDirectory: dataDirectory) { restarted in
            let listed = try #require(try await SandboxAgentClient(endpoint: restarted.url).recordings().first { $0.id == id })
            #expect(listed.status == .completed && listed.bytes == info.bytes)
            let download = try await HTTP.send(.GET, restarted.address("/v1/desktop/recordings/\(id)/download"))
            #expect(download.status == 200 && download.body.count == bytes)
            #expect(try await HTTP.send(.DELETE, restarted.address("/v1/desktop/recordings/\(id)")).status == 204)
            #expect(try await HTTP.send(.GET, restarted.address("/v1/desktop/recordings/\(id)")).status == 404)
            #expect(try await HTTP.send(.POST, restarted.address("/v1/desktop/recording/stop")).status == 409)
        }
    }

    @Test func withoutFFmpegStartingARecordingSaysWhatToInstall() async throws {
        try await withServer(["--no-token", "--storage", "memory"], environment: ["SANDBOX_AGENT_FFMPEG": "ffmpeg-not-installed"]) { server in
            let answer = try await HTTP.json(.POST, server.address("/v1/desktop/recording/start"), [String: Any]())
            #expect(answer.status == 409 && answer.problemCode == "install_required", "\(answer.text)")
            let problem = try answer.json()
            #expect((problem["installCommand"] as? String)?.contains("ffmpeg") == true)
            #expect((problem["missingDependencies"] as? [String]) == ["ffmpeg"])
        }
    }

    /// Starts a 320x240 desktop on `server` and returns its display.
    private func startDesktop(on server: TestServer) async throws -> String {
        let started = try await SandboxAgentClient(endpoint: server.url).startDesktop(
            DesktopStartRequest(
                width: 320, height: 240, displayNum: DesktopTesting.displayNumber(), stateDir: server.dataDirectory.appendingPathComponent("desktop").path))
        return try #require(started.display, "\(started)")
    }

    /// The recording once it is no longer `recording` (60 s at most).
    private func ended(_ id: String, on server: TestServer) async throws -> DesktopRecordingInfo {
        let client = SandboxAgentClient(endpoint: server.url)
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let info = try await client.recording(id: id)
            if info.status != .recording { return info }
            guard ContinuousClock.now < deadline else { throw TestFailure("recording \(id) still going: \(info)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func aRecordingEndsItselfAtItsLengthOrSizeLimitAndLimitsAboveTheServersAreRefused() async throws {
        try await withServer(["--no-token", "--storage", "memory", "--recording-max-seconds", "30", "--recording-max-bytes", "1000000"]) { server in
            _ = try await startDesktop(on: server)
            let tooLong = try await HTTP.json(.POST, server.address("/v1/desktop/recording/start"), ["maxDurationSeconds": 31])
            #expect(tooLong.status == 400 && tooLong.text.contains("maxDurationSeconds"), "\(tooLong.text)")
            let tooLarge = try await HTTP.json(.POST, server.address("/v1/desktop/recording/start"), ["maxBytes": 1_000_001])
            #expect(tooLarge.status == 400 && tooLarge.text.contains("maxBytes"), "\(tooLarge.text)")

            let client = SandboxAgentClient(endpoint: server.url)
            let short = try await client.startRecording(DesktopRecordingStartRequest(fps: 10, maxDurationSeconds: 1))
            #expect(short.maxDurationSeconds == 1 && short.maxBytes == 1_000_000)
            let shortEnd = try await ended(short.id, on: server)
            #expect(shortEnd.status == .completed && shortEnd.endReason == .maxDuration, "\(shortEnd)")
            #expect((shortEnd.durationSeconds ?? 99) <= 1.5, "\(shortEnd)")
            #expect(try await HTTP.send(.POST, server.address("/v1/desktop/recording/stop")).status == 409, "nothing is active any more")

            // A busy terminal makes the video grow fast.
            _ = try await client.launchOnDesktop(
                DesktopLaunchRequest(app: "xterm", args: ["-geometry", "60x20+0+0", "-e", "sh", "-c", "while :; do ls -lR /usr/share; done"]))
            let small = try await client.startRecording(DesktopRecordingStartRequest(fps: 30, maxBytes: 20000))
            let smallEnd = try await ended(small.id, on: server)
            #expect(smallEnd.status == .completed && smallEnd.endReason == .maxBytes, "\(smallEnd)")
            #expect(smallEnd.bytes >= 18000, "\(smallEnd)")
        }
    }

    @Test func aFullDiskOrACrashedFFmpegEndsTheRecordingAsFailedWithTheReason() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-recording-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        // The first recording's file is /dev/full: every write fails with ENOSPC, as on a full disk.
        let recordings = dataDirectory.appendingPathComponent("recordings")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: recordings.appendingPathComponent("rec_1.mp4").path, withDestinationPath: "/dev/full")
        try await withServer(["--no-token", "--storage", "memory"], dataDirectory: dataDirectory) { server in
            _ = try await startDesktop(on: server)
            let client = SandboxAgentClient(endpoint: server.url)
            let full = try await client.startRecording()
            #expect(full.id == "rec_1", "\(full)")
            let fullEnd = try await ended("rec_1", on: server)
            #expect(fullEnd.status == .failed && fullEnd.endReason == .ffmpegExited, "\(fullEnd)")
            #expect(fullEnd.error?.contains("No space left on device") == true, "\(fullEnd)")

            let crashing = try await client.startRecording()
            let processId = try #require(crashing.processId)
            let pid = try #require(try await client.process(id: processId).pid)
            #expect(kill(pid, SIGKILL) == 0)
            let crashed = try await ended(crashing.id, on: server)
            #expect(crashed.status == .failed && crashed.endReason == .ffmpegExited, "\(crashed)")
            #expect(crashed.error?.contains("signal 9") == true, "\(crashed)")
            #expect(try await HTTP.send(.POST, server.address("/v1/desktop/recording/stop")).status == 409)
            // A recording whose description cannot be written (it would not be listed after a restart) is
            // refused, and its ffmpeg is not left running.
            let blocker = recordings.appendingPathComponent("rec_3.json")
            try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
            let unsaved = try await HTTP.json(.POST, server.address("/v1/desktop/recording/start"), [String: Any]())
            #expect(unsaved.status == 503 && unsaved.text.contains("rec_3.json"), "\(unsaved.text)")
            #expect(try await HTTP.send(.POST, server.address("/v1/desktop/recording/stop")).status == 409)
            try FileManager.default.removeItem(at: blocker)
            // The next recording starts normally.
            let next = try await client.startRecording()
            #expect(try await client.stopRecording().id == next.id)
        }
    }

    @Test func theDesktopsStartSetsTheDefaultRatesAndASessionCanAskToBeRecorded() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let started = try await HTTP.json(.POST, server.address("/v1/desktop/start"), [
                "width": 320, "height": 240, "displayNum": DesktopTesting.displayNumber(), "recordingFps": 12, "streamFrameRate": 75,
                "stateDir": server.dataDirectory.appendingPathComponent("desktop").path,
            ])
            #expect(started.status == 200, "\(started.text)")
            // streamFrameRate is clamped to 1–60, as upstream does.
            #expect(try await HTTP.json(.POST, server.address("/v1/desktop/stream/start"), [String: Any]()).status == 200)
            let viewer = try LiveViewer(server.address("/v1/desktop/stream/ws").replacingOccurrences(of: "http://", with: "ws://"))
            let ready = try await viewer.waitFor("ready") { $0.messages.first { $0["type"] as? String == "ready" } }
            #expect(ready["fps"] as? Int == 60, "\(ready)")

            let api = SessionAPI(server: server)
            let id = try await api.create(extra: ["desktop": ["record": true]])
            let events = try await api.events(id)
            let named = try #require(events.server("_sandboxagent/desktop/recording").first, "\(events)")
            let recordingId = try #require(named["recordingId"] as? String)
            #expect(named["downloadPath"] as? String == "/v1/desktop/recordings/\(recordingId)/download")
            let client = SandboxAgentClient(endpoint: server.url)
            let recording = try await client.recording(id: recordingId)
            #expect(recording.status == .recording && recording.fps == 12, "\(recording)")
            let stopped = try await client.stopRecording()
            #expect(stopped.id == recordingId && stopped.endReason == .stopped, "\(stopped)")
        }
    }
}
