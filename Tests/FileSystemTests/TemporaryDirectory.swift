import Foundation
import Glibc

/// A fresh directory under /tmp for one test, removed with everything in it when the value goes away.
struct TemporaryDirectory: ~Copyable {
    /// Its absolute path, without symlinks.
    let path: String

    init() throws {
        var template = Array("/tmp/fs-tests-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of `relative` inside this directory.
    func callAsFunction(_ relative: String) -> String {
        path + "/" + relative
    }
}
