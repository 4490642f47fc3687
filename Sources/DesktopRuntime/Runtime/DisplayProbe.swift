import Foundation
import Glibc

/// Finds a free X display number: the first, from a starting number upward, with neither a
/// socket in `/tmp/.X11-unix` nor a lock file held by a live process.
struct DisplayProbe {
    var socketDirectory = "/tmp/.X11-unix"
    var lockDirectory = "/tmp"
    /// How many numbers are tried.
    var candidates = 10

    func socketPath(_ number: Int) -> String { "\(socketDirectory)/X\(number)" }
    func lockPath(_ number: Int) -> String { "\(lockDirectory)/.X\(number)-lock" }

    /// The first free display number from `start`.
    func freeDisplay(from start: Int) throws(DesktopError) -> Int {
        for number in start..<(start + candidates) where isFree(number) { return number }
        throw DesktopError(.runtimeFailed, "unable to find an available X display among :\(start)–:\(start + candidates - 1)")
    }

    func isFree(_ number: Int) -> Bool {
        access(socketPath(number), F_OK) != 0 && lockOwner(number) == nil
    }

    /// The live process holding the display's lock file, if any.
    func lockOwner(_ number: Int) -> Int32? {
        guard let text = try? String(contentsOfFile: lockPath(number), encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
        else { return nil }
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }

    /// Removes the lock file and socket a killed X server left behind (only when no live process
    /// holds the lock).
    func removeStaleFiles(_ number: Int) {
        guard lockOwner(number) == nil else { return }
        unlink(lockPath(number))
        unlink(socketPath(number))
    }
}
