import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxAgentResources

/// `GET /ui/` and `GET /ui/{path}`: the Inspector web UI, from the resource bundle (read once at
/// start). A path is only ever a key into that table, so no request reaches the file system and
/// none can name a file outside it. `/ui` redirects to `/ui/` (keeping the query, e.g. `?token=`).
/// The routes are public (`RequestPath.isPublic`): the page asks for the token and sends it on
/// its API calls.
struct InspectorRoutes {
    /// One file of the UI, ready to send.
    struct Asset: Sendable {
        var body: ByteBuffer
        var contentType: String
        /// A strong validator of the content: the files change only with the binary.
        var etag: String
    }

    /// Served with every UI file: scripts and styles only from the server itself (no inline code,
    /// so text an agent wrote can never run), images also from blob:/data: URLs (screenshots are
    /// fetched with the token and shown as blobs), API calls and the terminal WebSocket to the
    /// same origin, and no framing by other pages.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
        + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    let assets: [String: Asset]

    init(files: [String: Data]) {
        assets = Dictionary(uniqueKeysWithValues: files.map { path, data in
            (path, Asset(body: ByteBuffer(bytes: data), contentType: Self.contentType(ofPath: path), etag: Self.etag(of: data)))
        })
    }

    func register(on routes: RouteTable) {
        // Hummingbird matches `/ui` and `/ui/` alike; only the spelling with the slash is the page,
        // so relative module paths resolve under /ui/.
        routes.on(.get, "/ui/") { request, _ in
            guard request.uri.path.hasSuffix("/") else {
                let query = request.uri.query.map { "?" + $0 } ?? ""
                return Response(status: .permanentRedirect, headers: [.location: "/ui/" + query, .contentLength: "0"])
            }
            return try self.response(for: "index.html", request: request)
        }
        routes.on(.get, "/ui/**") { request, context in
            // The catch-all drops a trailing slash; `/ui/app.js/` names no file.
            let path = context.parameters.getCatchAll().joined(separator: "/") + (request.uri.path.hasSuffix("/") ? "/" : "")
            return try self.response(for: path, request: request)
        }
    }

    private func response(for path: String, request: Request) throws -> Response {
        guard let asset = assets[path] else {
            throw APIError.notFound("the Inspector has no file '\(path)'")
        }
        var headers: HTTPFields = [
            .contentType: asset.contentType,
            .eTag: asset.etag,
            // Revalidate every time (cheap with the ETag): a new binary must never run old scripts.
            .cacheControl: "no-cache",
            .contentSecurityPolicy: Self.contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
            // The page may have been opened with ?token=; never pass its address on.
            Self.referrerPolicy: "no-referrer",
            Self.frameOptions: "DENY",
        ]
        if let presented = request.headers[.ifNoneMatch], presented.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == asset.etag
        }) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.body))
    }

    /// The media type by extension; unknown extensions are sent as bytes (and, with `nosniff`,
    /// never run as script or style).
    static func contentType(ofPath path: String) -> String {
        switch path.split(separator: ".").last?.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "txt", "md": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// A quoted 64-bit FNV-1a hash of the bytes with their length: enough to tell versions of one
    /// file apart, which is all an ETag must do.
    static func etag(of data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))-\(data.count)\""
    }
}
