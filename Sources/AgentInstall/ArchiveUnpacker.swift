import CompressNIO
import FileSystem
import Foundation
import NIOCore

/// Unpacks a verified download into a directory: gunzip to a plain tar, then the file system's tar
/// extractor, which refuses members that would land outside the directory.
enum ArchiveUnpacker {
    /// Unpacks `archive` (of `format`) into the new directory `destination`.
    static func unpack(_ archive: String, format: ArchiveFormat, executable: String, into destination: String) throws(AgentInstallError) {
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        } catch {
            throw AgentInstallError.failed("cannot create \(destination): \(error)")
        }
        switch format {
        case .raw:
            do {
                try FileManager.default.moveItem(atPath: archive, toPath: destination + "/" + executable)
            } catch {
                throw AgentInstallError.failed("cannot move the download into place: \(error)")
            }
        case .tarGzip:
            let tar = archive + ".tar"
            try gunzip(archive, to: tar)
            let files = FileSystemService(root: nil, workingDirectory: destination, homeDirectory: NSHomeDirectory())
            do {
                _ = try files.extractTar(archiveAt: tar, into: destination, listLimit: 0)
            } catch {
                throw AgentInstallError.failed("cannot unpack the archive: \(error)")
            }
            try? FileManager.default.removeItem(atPath: tar)
        }
    }

    /// Decompresses the gzip file `source` into `destination`, in 1 MiB steps.
    static func gunzip(_ source: String, to destination: String) throws(AgentInstallError) {
        guard let input = FileHandle(forReadingAtPath: source), FileManager.default.createFile(atPath: destination, contents: nil),
              let output = FileHandle(forWritingAtPath: destination)
        else { throw AgentInstallError.failed("cannot open \(source) to decompress it") }
        defer {
            try? input.close()
            try? output.close()
        }
        let decompressor = CompressionAlgorithm.gzip().decompressor
        decompressor.window = ByteBufferAllocator().buffer(capacity: 1 << 20)
        do {
            try decompressor.startStream()
            while let data = try input.read(upToCount: 1 << 20), !data.isEmpty {
                var compressed = ByteBuffer(bytes: data)
                try compressed.decompressStream(with: decompressor) { window in
                    try output.write(contentsOf: window.readableBytesView)
                }
            }
            try decompressor.finishStream()
        } catch {
            throw AgentInstallError.failed("the archive is not valid gzip: \(error)")
        }
    }
}
