import Crypto
import Foundation

/// An expected digest of a download, checked while it streams to disk.
struct Checksum: Sendable, Equatable {
    enum Algorithm: String, Sendable {
        case sha256, sha512
    }

    var algorithm: Algorithm
    var digest: [UInt8]

    /// From hex (`"ab12…"`, optionally prefixed `sha256:` as GitHub's `digest` is).
    static func sha256(hex: String) -> Checksum? {
        let text = hex.hasPrefix("sha256:") ? String(hex.dropFirst(7)) : hex
        guard text.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return Checksum(algorithm: .sha256, digest: bytes)
    }

    /// From an npm/SRI `integrity` string: `sha512-<base64>` (the first sha512 or sha256 listed).
    static func subresourceIntegrity(_ integrity: String) -> Checksum? {
        for token in integrity.split(separator: " ") {
            let parts = token.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let algorithm = Algorithm(rawValue: String(parts[0])),
                  let data = Data(base64Encoded: String(parts[1]))
            else { continue }
            return Checksum(algorithm: algorithm, digest: [UInt8](data))
        }
        return nil
    }

    var hex: String { digest.map { String(format: "%02x", $0) }.joined() }

    /// A running hash of this checksum's algorithm.
    func makeHasher() -> StreamingHasher { StreamingHasher(algorithm) }
}

/// SHA-256 or SHA-512 over data fed in chunks.
struct StreamingHasher {
    private enum State {
        case sha256(SHA256)
        case sha512(SHA512)
    }

    private var state: State

    init(_ algorithm: Checksum.Algorithm) {
        state = algorithm == .sha256 ? .sha256(SHA256()) : .sha512(SHA512())
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .sha256(var hash):
            hash.update(bufferPointer: bytes)
            state = .sha256(hash)
        case .sha512(var hash):
            hash.update(bufferPointer: bytes)
            state = .sha512(hash)
        }
    }

    func finalize() -> [UInt8] {
        switch state {
        case .sha256(let hash): [UInt8](hash.finalize())
        case .sha512(let hash): [UInt8](hash.finalize())
        }
    }
}
