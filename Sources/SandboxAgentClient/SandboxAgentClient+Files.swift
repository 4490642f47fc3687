public import Foundation
import NIOCore
import AsyncHTTPClient
import NIOHTTP1
public import SandboxAgentAPI

/// The `/v1/fs` operations. Remote paths follow the server's rules: absolute as given, relative to its
/// working directory (or `--fs-root`), `~` expanded.
extension SandboxAgentClient {
    /// `GET /v1/fs/entries`: the entries of a directory (not recursive).
    public func listEntries(path: String = ".") async throws -> [FsEntry] {
        try await decode(send(.GET, "/v1/fs/entries", query: ["path": path]))
    }

    /// `GET /v1/fs/stat`: type, size and modification time of a file or directory.
    public func stat(path: String) async throws -> FsStat {
        try await decode(send(.GET, "/v1/fs/stat", query: ["path": path]))
    }

    /// `GET /v1/fs/file`: the whole contents of a file, in memory. Prefer
    /// ``downloadFile(path:to:)`` for large files.
    public func readFile(path: String) async throws -> Data {
        try await Data(collect(send(.GET, "/v1/fs/file", query: ["path": path])).readableBytesView)
    }

    /// `GET /v1/fs/file`: streams a remote file to `localPath`, replacing it; the body is never held in
    /// memory. The local file is only created once the server has answered 2xx.
    ///
    /// - Returns: The number of bytes written.
    @discardableResult
    public func downloadFile(path: String, to localPath: String) async throws -> UInt64 {
        let response = try await send(.GET, "/v1/fs/file", query: ["path": path])
        let url = URL(filePath: localPath)
        try Data().write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        return try await write(response, to: handle)
    }

    /// `GET /v1/fs/file`: streams a remote file to an open `handle` (for example standard output),
    /// chunk by chunk as it arrives; the handle is left open.
    ///
    /// - Returns: The number of bytes written.
    @discardableResult
    public func downloadFile(path: String, to handle: FileHandle) async throws -> UInt64 {
        try await write(send(.GET, "/v1/fs/file", query: ["path": path]), to: handle)
    }

    /// `PUT /v1/fs/file`: writes `data` to a file, replacing it and creating missing parent directories.
    @discardableResult
    public func writeFile(path: String, data: Data) async throws -> FsWriteResponse {
        let body = RequestBody(contentType: "application/octet-stream", body: .bytes(ByteBuffer(bytes: data)))
        return try await decode(send(.PUT, "/v1/fs/file", query: ["path": path], body: body))
    }

    /// `PUT /v1/fs/file`: streams the local file at `localPath` to a remote file, with its length known
    /// up front; the file is never held in memory.
    @discardableResult
    public func uploadFile(path: String, from localPath: String) async throws -> FsWriteResponse {
        try await upload(localPath, .PUT, "/v1/fs/file", path: path, contentType: "application/octet-stream")
    }

    /// `DELETE /v1/fs/entry`: deletes a file, symlink or directory; a non-empty directory needs `recursive`.
    @discardableResult
    public func deleteEntry(path: String, recursive: Bool = false) async throws -> FsActionResponse {
        try await decode(send(.DELETE, "/v1/fs/entry", query: ["path": path, "recursive": recursive ? "true" : nil]))
    }

    /// `POST /v1/fs/mkdir`: creates a directory and its missing parents; succeeds when it exists.
    @discardableResult
    public func makeDirectory(path: String) async throws -> FsActionResponse {
        try await decode(send(.POST, "/v1/fs/mkdir", query: ["path": path]))
    }

    /// `POST /v1/fs/move`: moves or renames an entry; an existing destination is replaced only with `overwrite`.
    @discardableResult
    public func move(from source: String, to destination: String, overwrite: Bool = false) async throws -> FsMoveResponse {
        let request = FsMoveRequest(from: source, to: destination, overwrite: overwrite)
        return try await decode(send(.POST, "/v1/fs/move", body: .json(request)))
    }

    /// `POST /v1/fs/upload-batch`: streams the uncompressed tar archive at `localPath` and extracts it into
    /// the remote directory `path`, creating it if needed.
    @discardableResult
    public func uploadBatch(tarAt localPath: String, to path: String = ".") async throws -> FsUploadBatchResult {
        try await upload(localPath, .POST, "/v1/fs/upload-batch", path: path, contentType: "application/x-tar")
    }

    /// Writes the body of `response` to `handle` as it arrives and returns the number of bytes.
    private func write(_ response: HTTPClientResponse, to handle: FileHandle) async throws -> UInt64 {
        var written: UInt64 = 0
        try await forEachChunk(of: response) { chunk in
            try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            written += UInt64(chunk.readableBytes)
        }
        return written
    }

    /// Sends the local file at `localPath` as a streamed body and decodes the JSON reply.
    private func upload<Response: Decodable>(
        _ localPath: String, _ method: HTTPMethod, _ route: String, path: String, contentType: String
    ) async throws -> Response {
        let handle = try FileHandle(forReadingFrom: URL(filePath: localPath))
        defer { try? handle.close() }
        let length = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        let body = RequestBody.file(handle, length: length, contentType: contentType)
        return try await decode(send(method, route, query: ["path": path], body: body))
    }
}
