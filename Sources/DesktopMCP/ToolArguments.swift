import ACP
import Foundation
import DesktopRuntime

/// A tool call's `arguments`, read with errors that name the argument.
struct ToolArguments {
    let values: [String: JSONValue]

    init(_ arguments: JSONValue?) throws(DesktopError) {
        guard let arguments, arguments != .null else {
            values = [:]
            return
        }
        guard let object = arguments.objectValue else { throw .invalid("arguments", "must be an object") }
        values = object
    }

    func int(_ key: String) throws(DesktopError) -> Int {
        guard let value = values[key] else { throw .invalid(key, "is required") }
        guard let number = value.intValue, let int = Int(exactly: number) else { throw .invalid(key, "must be an integer") }
        return int
    }

    func optionalInt(_ key: String) throws(DesktopError) -> Int? {
        values[key] == nil ? nil : try int(key)
    }

    func string(_ key: String) throws(DesktopError) -> String {
        guard let value = values[key] else { throw .invalid(key, "is required") }
        guard let text = value.stringValue else { throw .invalid(key, "must be a string") }
        return text
    }

    func optionalString(_ key: String) throws(DesktopError) -> String? {
        values[key] == nil ? nil : try string(key)
    }

    /// The arguments as the computer-use decoders read them.
    var computerValues: [String: ComputerValue] {
        get throws(DesktopError) {
            let text = JSONValue.object(values).jsonText
            do {
                return try JSONDecoder().decode([String: ComputerValue].self, from: Data(text.utf8))
            } catch {
                throw .invalid("arguments", "must be an object")
            }
        }
    }
}
