public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Blocking reads of a child's pipe that survive signals.
///
/// Foundation's `availableData` and `readDataToEndOfFile()` end the whole test process with a
/// fatal error when `read` fails, and it does fail with EINTR when a signal (a child's SIGCHLD)
/// arrives while a reader thread waits on a pipe: one busy run of the suite crashed that way,
/// orphaning the servers it had started.
extension FileHandle {
    /// The next bytes the file has (up to 64 KiB), waiting for some; empty at its end or on an
    /// error other than EINTR.
    public func readChunk() -> Data {
        var bytes = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Data(bytes[..<count]) }
            if errno != EINTR { return Data() }
        }
    }

    /// Everything until the file's end (or an error other than EINTR).
    public func readRemaining() -> Data {
        var data = Data()
        while true {
            let chunk = readChunk()
            if chunk.isEmpty { return data }
            data.append(chunk)
        }
    }
}
