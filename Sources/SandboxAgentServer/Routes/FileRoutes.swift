import FileSystem
import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOPosix
import SandboxAgentAPI

/// `/v1/fs/*`: decode, call the `FileSystemService` off the event loop, encode. File bodies are
/// streamed both ways through descriptors the service opened below the root (never by name again);
/// nothing holds a whole file in memory.
struct FileRoutes {
    let files: FileSystemService
    let jsonLimit: Int
    let uploadLimit: Int
    /// Where upload-batch archives are spooled before extraction.
    let spoolDirectory: String
    private let fileIO = FileIO()
    /// Response header giving how many names a listing left out (not valid UTF-8).
    static let skippedNamesHeader = HTTPField.Name("Sandbox-Agent-Skipped-Names")!
    /// File bodies move in chunks of this size.
    static let chunkSize = 1 << 20

    init(files: FileSystemService, jsonLimit: Int, uploadLimit: Int, spoolDirectory: String) {
        self.files = files
        self.jsonLimit = jsonLimit
        self.uploadLimit = uploadLimit
        self.spoolDirectory = spoolDirectory
    }

    func register(on routes: RouteTable) {
        routes.on(.get, "/v1/fs/entries") { request, _ in
            let path = request.query.string("path") ?? "."
            let listing = try await blocking { try files.listing(at: path) }
            var response = try JSONBody.response(listing.entries)
            // Names that are not UTF-8 cannot be listed (a replaced name would be another path): say how many.
            if listing.skippedNames > 0 { response.headers[Self.skippedNamesHeader] = "\(listing.skippedNames)" }
            return response
        }
        routes.on(.get, "/v1/fs/stat") { request, _ in
            let path = try request.query.requiredString("path")
            return try JSONBody.response(try await blocking { try files.stat(path) })
        }
        routes.on(.post, "/v1/fs/mkdir") { request, _ in
            let path = try request.query.requiredString("path")
            return try JSONBody.response(FsActionResponse(path: try await blocking { try files.makeDirectory(path) }))
        }
        routes.on(.delete, "/v1/fs/entry") { request, _ in
            let path = try request.query.requiredString("path")
            let recursive = try request.query.bool("recursive") ?? false
            return try JSONBody.response(FsActionResponse(path: try await blocking { try files.delete(path, recursive: recursive) }))
        }
        routes.on(.post, "/v1/fs/move") { request, _ in
            let move = try await JSONBody.decode(FsMoveRequest.self, from: request, limit: jsonLimit)
            let moved = try await blocking { try files.move(from: move.from, to: move.to, overwrite: move.overwrite ?? false) }
            return try JSONBody.response(FsMoveResponse(from: moved.from, to: moved.to))
        }
        routes.on(.get, "/v1/fs/file") { request, context in
            let path = try request.query.requiredString("path")
            let file = try await blocking { try files.openForReading(path) }
            return Response(
                status: .ok,
                headers: [.contentType: "application/octet-stream", .contentLength: "\(file.size)"],
                body: stream(file))
        }
        routes.on(.put, "/v1/fs/file") { request, _ in
            let path = try request.query.requiredString("path")
            if let declared = request.headers[.contentLength].flatMap(Int.init), declared > uploadLimit {
                throw APIError.payloadTooLarge(limit: uploadLimit, what: "the upload")
            }
            let upload = try await blocking { try files.openUpload(path) }
            let written = try await receive(request, into: upload)
            return try JSONBody.response(FsWriteResponse(path: upload.path, bytesWritten: UInt64(written)))
        }
        routes.on(.post, "/v1/fs/upload-batch") { request, context in
            let contentType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
            guard contentType == "application/x-tar" || contentType == "application/tar" else {
                throw APIError.unsupportedMediaType("upload-batch takes a tar archive with Content-Type application/x-tar, got \(contentType ?? "none")")
            }
            let destination = request.query.string("path") ?? "."
            let spool = spoolDirectory + "/upload-\(UUID().uuidString).tar"
            defer { unlink(spool) }
            _ = try await receive(request, into: spool, context: context)
            let result = try await blocking { try files.extractTar(archiveAt: spool, into: destination) }
            return try JSONBody.response(result)
        }
    }

    /// Streams the request body into `path` (a server-side spool file, outside the root's reach).
    private func receive(_ request: Request, into path: String, context: APIRequestContext) async throws -> Int {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > uploadLimit {
            throw APIError.payloadTooLarge(limit: uploadLimit, what: "the upload")
        }
        let counter = ByteCounter()
        try await fileIO.writeFile(contents: LimitedBody(base: request.body, limit: uploadLimit, counter: counter), path: path, context: context)
        return counter.value
    }

    /// Streams the request body into the upload's temporary file, about 1 MiB per write, and renames
    /// it into place only when the whole body arrived: a failed or oversized upload leaves the old file untouched.
    private func receive(_ request: Request, into upload: FileUpload) async throws -> Int {
        let counter = ByteCounter()
        do {
            var pending = ByteBuffer()
            for try await buffer in LimitedBody(base: request.body, limit: uploadLimit, counter: counter) {
                pending.writeImmutableBuffer(buffer)
                if pending.readableBytes >= Self.chunkSize {
                    try await write(pending, to: upload)
                    pending.clear()
                }
            }
            try await write(pending, to: upload)
            try await blocking { try upload.commit() }
        } catch {
            upload.discard()
            throw error
        }
        return counter.value
    }

    private func write(_ buffer: ByteBuffer, to upload: FileUpload) async throws {
        guard buffer.readableBytes > 0 else { return }
        try await blocking { try buffer.withUnsafeReadableBytes { bytes in Result { () throws(FileSystemError) in try upload.write(bytes) } }.get() }
    }

    /// The body of a file download: chunks read from the open file on the thread pool.
    private func stream(_ file: FileReadHandle) -> ResponseBody {
        ResponseBody(contentLength: Int(file.size)) { writer in
            var offset: UInt64 = 0
            while offset < file.size {
                let start = offset
                let chunk = try await blocking { try file.read(Int(min(UInt64(Self.chunkSize), file.size - start)), at: start) }
                if chunk.isEmpty { break }  // the file shrank meanwhile
                try await writer.write(ByteBuffer(bytes: chunk))
                offset += UInt64(chunk.count)
            }
            try await writer.finish(nil)
        }
    }

    /// Runs blocking file-system work on NIO's thread pool, off the event loops.
    private func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
