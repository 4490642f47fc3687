import Foundation
public import Logging
public import ProcessRuntime
public import SandboxAgentAPI

/// Desktop recordings (`/v1/desktop/recording*`): ffmpeg grabs the display (`x11grab`) into an
/// H.264 MP4 under `directory`, one recording at a time, within the server's limits of length
/// and size (ffmpeg's own `-t` and `-fs`, so it finishes the file itself when one is reached).
///
/// Each video `rec_N.mp4` has its description `rec_N.json` beside it, so recordings survive a
/// server restart as listed, downloadable files. Stopping sends ffmpeg SIGTERM, on which it writes
/// the MP4's index and exits; a recording whose ffmpeg ended otherwise (the desktop stopped, a
/// crash, a full disk, a server killed mid-recording) is `completed` when ffprobe reads a duration
/// from the file and `failed` with the reason (ffmpeg's last error line) when it cannot; either
/// way `endReason` says why it ended. Nothing waits on ffmpeg without a deadline.
public actor DesktopRecordings {
    private let directory: String
    private let desktop: DesktopManager
    private let tools: MediaTools
    private var recordings: [String: DesktopRecordingInfo] = [:]
    private let limits: DesktopRecordingLimits
    private var active: (id: String, process: ManagedProcess)?
    /// Recordings whose stop was asked for (their end is `stopped`).
    private var stopping: Set<String> = []
    /// The finishing of each recording whose ffmpeg ended (stop and the exit watcher both await it).
    private var finishing: [String: Task<Void, Never>] = [:]
    private var loaded = false
    private let logger: Logger

    /// How long ffmpeg may take to finish the file after SIGTERM before it is killed.
    static let finishGrace: Duration = .seconds(5)

    public init(
        directory: String, desktop: DesktopManager, processes: ProcessManager, environment: [String: String],
        limits: DesktopRecordingLimits = DesktopRecordingLimits(), logger: Logger
    ) {
        self.directory = directory
        self.logger = logger
        self.limits = limits
        self.desktop = desktop
        tools = MediaTools(environment: environment, processes: processes)
    }

    // MARK: Routes

    public func start(_ request: DesktopRecordingStartRequest) async throws(DesktopError) -> DesktopRecordingInfo {
        if let fps = request.fps, !(1...60).contains(fps) { throw .invalid("fps", "must be between 1 and 60") }
        let limits = try limits.applied(to: request)
        let ffmpeg = try tools.locateFFmpeg()
        let display = try await desktop.displayInfo()
        let defaultFps = try await desktop.defaultRates().recordingFps
        let fps = request.fps ?? defaultFps
        await load()
        if let active { throw DesktopError(.conflict, "recording \(active.id) is already active; POST /v1/desktop/recording/stop first") }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DesktopError(.runtimeFailed, "cannot create the recordings directory \(directory): \(error.localizedDescription)")
        }
        let number = (recordings.keys.compactMap { Int($0.dropFirst(4)) }.max() ?? 0) + 1
        let id = "rec_\(number)"
        let (width, height) = (display.resolution.width, display.resolution.height)
        let file = "\(directory)/\(id).mp4"
        let args = [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "x11grab", "-draw_mouse", "1", "-framerate", "\(fps)",
            "-video_size", "\(width)x\(height)", "-i", display.display, "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
            "-t", "\(limits.maxDurationSeconds)", "-fs", "\(limits.maxBytes)", file,
        ]
        let process: ManagedProcess
        do {
            process = try await tools.processes.start(ProcessCreateRequest(command: ffmpeg, args: args), owner: .desktop)
        } catch {
            throw DesktopError(.runtimeFailed, "cannot start ffmpeg: \(error.message)")
        }
        let info = DesktopRecordingInfo(
            id: id, status: .recording, processId: process.id, fileName: "\(id).mp4", bytes: 0, startedAt: Date().ISO8601Format(),
            fps: fps, width: width, height: height, maxDurationSeconds: limits.maxDurationSeconds, maxBytes: limits.maxBytes)
        do {
            try save(info)
        } catch {
            // Without its description the video would not be listed after a restart: refuse it now.
            await process.terminate(grace: .zero)
            throw DesktopError(.runtimeFailed, "cannot write \(directory)/\(id).json: \(error.localizedDescription)")
        }
        recordings[id] = info
        active = (id, process)
        Task { [weak self] in
            let exit = await process.waitUntilExited()
            await self?.ended(id, exit: exit, process: process)
        }
        return info
    }

    /// The recording in progress, if any.
    public func activeRecording() -> DesktopRecordingInfo? {
        active.flatMap { recordings[$0.id] }.map(withSize)
    }

    /// Stops the active recording and returns it finished.
    public func stop() async throws(DesktopError) -> DesktopRecordingInfo {
        guard let active else { throw DesktopError(.conflict, "no desktop recording is active") }
        stopping.insert(active.id)
        await active.process.terminate(grace: Self.finishGrace)
        await ended(active.id, exit: active.process.record, process: active.process)
        return try existing(active.id)
    }

    public func list() async -> DesktopRecordingListResponse {
        await load()
        let sorted = recordings.values.sorted { (Int($0.id.dropFirst(4)) ?? 0) < (Int($1.id.dropFirst(4)) ?? 0) }
        return DesktopRecordingListResponse(recordings: sorted.map(withSize))
    }

    public func recording(_ id: String) async throws(DesktopError) -> DesktopRecordingInfo {
        await load()
        return try existing(id)
    }

    /// The recording and its video's path, for a download.
    public func video(_ id: String) async throws(DesktopError) -> (info: DesktopRecordingInfo, path: String) {
        await load()
        let info = try existing(id)
        let path = "\(directory)/\(info.fileName)"
        guard FileManager.default.fileExists(atPath: path) else { throw DesktopError(.notFound, "the video of \(id) is gone") }
        return (info, path)
    }

    public func delete(_ id: String) async throws(DesktopError) {
        await load()
        _ = try existing(id)
        if active?.id == id { throw DesktopError(.conflict, "stop the active desktop recording before deleting it") }
        recordings[id] = nil
        try? FileManager.default.removeItem(atPath: "\(directory)/\(id).mp4")
        try? FileManager.default.removeItem(atPath: "\(directory)/\(id).json")
    }

    // MARK: Bookkeeping

    private func existing(_ id: String) throws(DesktopError) -> DesktopRecordingInfo {
        guard let info = recordings[id] else { throw DesktopError(.notFound, "no recording \(id)") }
        return withSize(info)
    }

    /// Finishes a recording whose ffmpeg exited (nil: before this server started), once; every
    /// caller returns when it is finished.
    private func ended(_ id: String, exit: ProcessRecord?, process: ManagedProcess?) async {
        if active?.id == id { active = nil }
        if finishing[id] == nil {
            guard recordings[id]?.status == .recording else { return }
            let lastError = process.flatMap(Self.lastErrorLine)
            finishing[id] = Task { await self.finish(id, exit: exit, lastError: lastError) }
        }
        await finishing[id]?.value
    }

    /// `completed` when ffprobe reads a duration from the file, else `failed` with the reason.
    private func finish(_ id: String, exit: ProcessRecord?, lastError: String?) async {
        guard var info = recordings[id] else { return }
        let duration = await tools.duration(of: "\(directory)/\(info.fileName)")
        info.processId = nil
        info.endedAt = info.endedAt ?? Date().ISO8601Format()
        info.durationSeconds = duration
        info.endReason = endReason(of: withSize(info), exit: exit, duration: duration)
        let how = exit.map { $0.signal.map { "signal \($0)" } ?? "exit code \($0.exitCode ?? -1)" } ?? "the server stopped during the recording"
        if duration != nil {
            info.status = .completed
        } else {
            info.status = .failed
            info.error = "ffmpeg ended (\(how)) without a readable video" + (lastError.map { ": \($0)" } ?? "")
        }
        recordings[id] = info
        do {
            try save(info)
        } catch {
            logger.error("recording description not saved; it will be finished again after a restart", metadata: [
                "recording": "\(id)", "error": "\(error.localizedDescription)",
            ])
        }
    }

    /// Reads the descriptions left by earlier runs once; a recording still marked `recording`
    /// was cut off by a server exit and is finished from what its file holds.
    private func load() async {
        guard !loaded else { return }
        loaded = true
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix("rec_") && name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"),
                let info = try? JSONDecoder().decode(DesktopRecordingInfo.self, from: data), recordings[info.id] == nil
            else { continue }
            recordings[info.id] = info
            if info.status == .recording {
                stopping.insert(info.id)
                await ended(info.id, exit: nil, process: nil)
            }
        }
    }

    /// `stopped` when asked to stop; after ffmpeg ended on its own (exit 0), the limit it reached;
    /// `ffmpegExited` otherwise.
    private func endReason(of info: DesktopRecordingInfo, exit: ProcessRecord?, duration: Double?) -> DesktopRecordingInfo.EndReason {
        if stopping.contains(info.id) { return .stopped }
        guard exit?.exitCode == 0 else { return .ffmpegExited }
        if let maxBytes = info.maxBytes, info.bytes >= maxBytes * 9 / 10 { return .maxBytes }
        if let maxSeconds = info.maxDurationSeconds, let duration, duration >= Double(maxSeconds) - 1 { return .maxDuration }
        return .ffmpegExited
    }

    /// The last lines ffmpeg wrote to stderr (it runs with `-loglevel error`), joined by "; ".
    private static func lastErrorLine(of process: ManagedProcess) -> String? {
        let text = process.logs(.stderr, tail: 20).compactMap { Data(base64Encoded: $0.data) }.reduce(Data(), +)
        let lines = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.suffix(3)
        return lines.isEmpty ? nil : String(lines.joined(separator: "; ").suffix(400))
    }

    /// Writes the description beside the video, atomically, so a crash never leaves half of one.
    private func save(_ info: DesktopRecordingInfo) throws {
        let data = try JSONEncoder().encode(info)
        try data.write(to: URL(fileURLWithPath: "\(directory)/\(info.id).json"), options: .atomic)
    }

    private func withSize(_ info: DesktopRecordingInfo) -> DesktopRecordingInfo {
        var info = info
        let attributes = try? FileManager.default.attributesOfItem(atPath: "\(directory)/\(info.fileName)")
        info.bytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        return info
    }
}
