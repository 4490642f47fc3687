import Foundation

/// Output of the `api` commands: text and bytes straight to the file handles (so raw bytes and text
/// never interleave out of order), JSON, tables and `key: value` blocks.
enum Console {
    /// Writes `text` and a newline to standard output.
    static func output(_ text: String) {
        write(Data((text + "\n").utf8), to: .standardOutput)
    }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        write(Data((text + "\n").utf8), to: .standardError)
    }

    /// Writes raw bytes; a closed output (for example `| head`) is not an error worth reporting.
    static func write(_ data: Data, to handle: FileHandle) {
        try? handle.write(contentsOf: data)
    }

    /// Prints `value` as key-sorted JSON, pretty or on one line.
    static func printJSON(_ value: some Encodable, pretty: Bool = true) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        output(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Columns padded to their widest cell; the first row is the header.
    static func table(_ rows: [[String]]) -> String {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (column, cell) in row.enumerated() {
                if column == widths.count { widths.append(0) }
                widths[column] = max(widths[column], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : pad(cell, to: widths[column])
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `key: value` lines with the values aligned.
    static func fields(_ pairs: KeyValuePairs<String, String>) -> String {
        let width = pairs.map { $0.key.count }.max() ?? 0
        return pairs.map { key, value in
            pad(key + ":", to: width + 1) + " " + value
        }.joined(separator: "\n")
    }

    /// `text` followed by spaces up to `width` characters.
    private static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
