import Foundation
import ProcessRuntime
import SandboxAgentAPI

/// ffmpeg and ffprobe as the recordings use them: where they are, and the duration of a video.
struct MediaTools: Sendable {
    /// The ffmpeg to run: `SANDBOX_AGENT_FFMPEG`, else `ffmpeg` on PATH.
    let ffmpeg: String
    let path: String?
    let processes: ProcessManager

    /// What installs ffmpeg (and ffprobe) on Debian.
    static let installCommand = "apt-get install -y --no-install-recommends ffmpeg"

    init(environment: [String: String], processes: ProcessManager) {
        ffmpeg = environment["SANDBOX_AGENT_FFMPEG"].flatMap { $0.isEmpty ? nil : $0 } ?? "ffmpeg"
        path = environment["PATH"]
        self.processes = processes
    }

    /// The ffmpeg executable; a 409 `install_required` naming the package when there is none.
    func locateFFmpeg() throws(DesktopError) -> String {
        guard let found = try? ExecutableLocator.locate(ffmpeg, path: path, cwd: "/") else {
            throw DesktopError(
                .installRequired, "desktop recording needs ffmpeg (\(ffmpeg) not found on PATH); install it: \(Self.installCommand)",
                missingDependencies: ["ffmpeg"], installCommand: Self.installCommand)
        }
        return found
    }

    /// The video's duration in seconds, nil when ffprobe cannot read one (a broken or empty file).
    func duration(of file: String) async -> Double? {
        let ffprobe = URL(fileURLWithPath: (try? locateFFmpeg()) ?? "/usr/bin/ffmpeg").deletingLastPathComponent().appendingPathComponent("ffprobe").path
        let request = ProcessRunRequest(
            command: FileManager.default.isExecutableFile(atPath: ffprobe) ? ffprobe : "ffprobe",
            args: ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file], timeoutMs: 10_000, maxOutputBytes: 4096)
        guard let result = try? await processes.run(request, owner: .desktop), result.exitCode == 0 else { return nil }
        return Double(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
