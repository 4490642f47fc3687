import FileSystem
import Foundation
import Glibc
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOPosix

/// `/v1/fs/*`: decode, call the `FileSystemService` off the event loop, encode. File bodies are
/// streamed both ways; nothing holds a whole file in memory.
struct FileRoutes {
    let files: FileSystemService
    let jsonLimit: Int
    let uploadLimit: Int
    /// Where upload-batch archives are spooled before extraction.
    let spoolDirectory: String
    private let fileIO = FileIO()

    init(files: FileSystemService, jsonLimit: Int, uploadLimit: Int, spoolDirectory: String) {
        self.files = files
        self.jsonLimit = jsonLimit
        self.uploadLimit = uploadLimit
        self.spoolDirectory = spoolDirectory
    }

    func register(on routes: RouteTable) {
        routes.on(.get, "/v1/fs/entries") { request, _ in
            let path = request.query.string("path") ?? "."
            return try JSONBody.response(try await blocking { try files.entries(at: path) })
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
            let file = try await blocking { try files.prepareRead(path) }
            let body = try await fileIO.loadFile(path: file.path, context: context)
            return Response(
                status: .ok,
                headers: [.contentType: "application/octet-stream", .contentLength: "\(file.size)"],
                body: body)
        }
        routes.on(.put, "/v1/fs/file") { request, context in
            let path = try await blocking { try files.prepareWrite(try request.query.requiredString("path")) }
            let written = try await receive(request, into: path, context: context)
            return try JSONBody.response(FsWriteResponse(path: path, bytesWritten: UInt64(written)))
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

    /// Streams the request body into `path` through a temporary sibling, renamed into place only
    /// when the whole body arrived: a failed or oversized upload leaves the old file untouched.
    private func receive(_ request: Request, into path: String, context: APIRequestContext) async throws -> Int {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > uploadLimit {
            throw APIError.payloadTooLarge(limit: uploadLimit, what: "the upload")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/.sandbox-agent-upload-\(UUID().uuidString)"
        let counter = ByteCounter()
        do {
            try await fileIO.writeFile(
                contents: LimitedBody(base: request.body, limit: uploadLimit, counter: counter), path: temporary, context: context)
            guard rename(temporary, path) == 0 else {
                throw APIError(.internalServerError, code: "io", detail: "cannot move the upload into \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
        return counter.value
    }

    /// Runs blocking file-system work on NIO's thread pool, off the event loops.
    private func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
