import Foundation

/// Finds the first object key that appears twice in one JSON object, at any depth.
///
/// `JSONSerialization` and `JSONDecoder` accept `{"command":"a","command":"b"}` and silently keep
/// one of the values, so what a proxy or log saw and what the server ran can differ. The scanner
/// walks the bytes once, tracking containers on a stack: a string is a key when it follows `{` or a
/// `,` inside an object; string contents (including `\"` and `\\`) never count as structure. Keys
/// are compared after unescaping (`"a"` and `"\u0061"` are the same key) with Swift `String`
/// equality, which is what the decoders use.
///
/// Meant to run on a body the JSON parser has already accepted; on malformed input it returns
/// whatever it found so far and never traps.
enum DuplicateKeyScanner {
    /// The path of the first repeated key, e.g. `command`, `env.PATH` or `items[2].name`; nil if
    /// every object's keys are distinct.
    static func firstDuplicate(in bytes: some Collection<UInt8>) -> String? {
        let bytes = Array(bytes)
        var stack: [Container] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(keys: [], current: nil, expectingKey: true))
                index += 1
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                index += 1
            case UInt8(ascii: ","):
                if let top = stack.popLast() {
                    switch top {
                    case .object(let keys, _, _): stack.append(.object(keys: keys, current: nil, expectingKey: true))
                    case .array(let position): stack.append(.array(index: position + 1))
                    }
                }
                index += 1
            case UInt8(ascii: "\""):
                let start = index + 1
                var end = start
                var escaped = false
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    if bytes[end] == UInt8(ascii: "\\") {
                        escaped = true
                        end += 1
                    }
                    end += 1
                }
                index = end + 1
                guard case .object(var keys, _, true)? = stack.last else { continue }
                let raw = bytes[start..<min(end, bytes.count)]
                let key = escaped ? unescape(raw) : String(decoding: raw, as: UTF8.self)
                stack.removeLast()
                if keys.contains(key) {
                    return path(stack) + (stack.isEmpty ? "" : ".") + key
                }
                keys.insert(key)
                stack.append(.object(keys: keys, current: key, expectingKey: false))
            default:
                index += 1
            }
        }
        return nil
    }

    private enum Container {
        case object(keys: Set<String>, current: String?, expectingKey: Bool)
        case array(index: Int)
    }

    /// Where the innermost open container sits, e.g. `env` or `items[2]` (empty at the top level).
    private static func path(_ stack: [Container]) -> String {
        var text = ""
        for container in stack {
            switch container {
            case .object(_, let current, _):
                if let current { text += (text.isEmpty ? "" : ".") + current }
            case .array(let position):
                text += "[\(position)]"
            }
        }
        return text
    }

    /// The value of a string literal's contents that contain escapes.
    private static func unescape(_ raw: ArraySlice<UInt8>) -> String {
        let literal = Data([UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\"")])
        return (try? JSONDecoder().decode(String.self, from: literal)) ?? String(decoding: raw, as: UTF8.self)
    }
}
