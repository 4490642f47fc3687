import CFileSystem
import FileSystem
import Foundation
import Glibc
import Synchronization
import TestThreads
import Testing

/// A directory inside the root is flipped between a real directory and a symlink to a directory
/// outside, while the service writes, creates, moves, deletes and reads through it.
@Suite(.serialized) struct ConfinementRaceTests {
    @Test(arguments: [BeneathResolution.openat2, .walk])
    func nothingLandsOutsideTheRootWhileADirectoryIsFlipped(resolution: BeneathResolution) async throws {
        let directory = try TemporaryDirectory()
        let root = directory("root")
        let outside = directory("outside")
        try write("OUTSIDE", to: outside + "/secret.txt")
        try write("keep", to: outside + "/keep.txt")
        try write("INSIDE", to: root + "/flip/secret.txt")
        let service = FileSystemService(root: root, workingDirectory: "/", homeDirectory: "/", resolution: resolution)
        // A minute of blocking system calls: on a thread of its own, not on the cooperative pool.
        let escapes = try await onOwnThread { try Self.race(service: service, root: root, outside: outside, rounds: 2000) }
        #expect(escapes.flipperRan && escapes.flips > 100, "the flipper stopped early after \(escapes.flips) swaps")
        #expect(escapes.flipperStopped, "the flipper thread did not stop")
        print("confinement race (\(resolution)): \(escapes.count) escapes in \(escapes.operations) operations, \(escapes.flips) swaps, \(escapes.writes) writes succeeded")
        #expect(escapes.count == 0)
        #expect(escapes.writes > 100, "too few writes succeeded for the race to mean anything")
    }

    /// Counts of the race: operations attempted and escapes observed.
    struct Outcome {
        var operations = 0
        var count = 0
        var flips = 0
        /// Writes that succeeded (inside the root): the race is only meaningful if many do.
        var writes = 0
        /// Whether the flipper was still swapping at the end (it stops on a failed swap).
        var flipperRan = false
        /// Whether the flipper's thread stopped when asked.
        var flipperStopped = false
    }

    static func race(service: FileSystemService, root: String, outside: String, rounds: Int) throws -> Outcome {
        try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        for round in 0..<rounds { try write("m", to: root + "/src/m-\(round)") }
        let flipper = Flipper(root: root, outside: outside)
        try flipper.start()
        var outcome = Outcome()
        let deadline = ContinuousClock.now + .seconds(60)
        for round in 0..<rounds where ContinuousClock.now < deadline {
            outcome.operations += 6
            _ = try? service.makeDirectory("flip/d-\(round)")
            if (try? writeFile(service, "flip/w-\(round)")) != nil { outcome.writes += 1 }
            _ = try? service.move(from: "src/m-\(round)", to: "flip/m-\(round)", overwrite: false)
            _ = try? service.delete("flip/keep.txt", recursive: false)
            if (try? readFile(service, "flip/secret.txt")) == "OUTSIDE" { outcome.count += 1 }
            _ = try? service.extractTar(archiveAt: "/dev/null", into: "flip/t-\(round)")
        }
        (outcome.flips, outcome.flipperRan, outcome.flipperStopped) = flipper.stop()
        let strays = try FileManager.default.contentsOfDirectory(atPath: outside).filter { $0 != "secret.txt" && $0 != "keep.txt" }
        outcome.count += strays.count
        if !exists(outside + "/keep.txt") { outcome.count += 1 }
        return outcome
    }

    static func writeFile(_ service: FileSystemService, _ path: String) throws {
        _ = try service.writeFile(path, Array("w".utf8))
    }

    static func readFile(_ service: FileSystemService, _ path: String) throws -> String {
        String(decoding: try service.readFile(path), as: UTF8.self)
    }
}

/// Swaps `root/flip` (the real directory) and `root/alt` (a symlink to `outside`) atomically with
/// renameat2(RENAME_EXCHANGE), on its own thread, until stopped; `root/flip` always exists.
final class Flipper: Sendable {
    let root: String
    let outside: String
    private let stopped = Atomic<Bool>(false)
    private let flips = Atomic<Int>(0)
    private let done = DispatchSemaphore(value: 0)

    init(root: String, outside: String) {
        self.root = root
        self.outside = outside
    }

    func start() throws {
        guard Glibc.symlink(outside, root + "/alt") == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        Thread.detachNewThread { [self] in
            let flip = root + "/flip", alternative = root + "/alt"
            while !stopped.load(ordering: .relaxed) {
                guard sa_rename_exchange(AT_FDCWD, flip, AT_FDCWD, alternative) == 0 else { break }
                flips.add(1, ordering: .relaxed)
                for _ in 0..<100 { _ = getppid() }
            }
            done.signal()
        }
    }

    /// Stops the thread; returns how many swaps it made, whether it was still swapping, and
    /// whether it stopped (10 s at most).
    func stop() -> (flips: Int, wasRunning: Bool, stopped: Bool) {
        let wasRunning = done.wait(timeout: .now()) == .timedOut
        stopped.store(true, ordering: .relaxed)
        let stoppedInTime = done.wait(timeout: .now() + 10) == .success
        return (flips.load(ordering: .relaxed), wasRunning, stoppedInTime)
    }
}
