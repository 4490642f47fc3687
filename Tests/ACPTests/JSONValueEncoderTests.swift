import ACP
import Foundation
import Testing

/// `JSONValue(encoding:)` against the `JSONEncoder` round trip it replaces: the same value for
/// every container and scalar a Codable type uses.
@Suite("JSONValue direct encoding")
struct JSONValueEncoderTests {
    enum Color: String, Codable { case red }

    struct Inner: Codable, Equatable {
        var flag: Bool
        var small: UInt8
        var ratio: Float
    }

    struct Outer: Codable, Equatable {
        var name: String
        var count: Int
        var big: Int64
        var fraction: Double
        var grid: [[Int]]
        var flags: [String: Bool]
        var color: Color
        var inner: Inner
        var inners: [Inner]
        var missing: String?
        var present: String?
        var raw: JSONValue
        var rawNull: JSONValue?
    }

    @Test func matchesTheEncoderRoundTrip() throws {
        let value = Outer(
            name: "a/\"b\"\n", count: -3, big: Int64.max, fraction: 0.25, grid: [[1, 2], [], [3]], flags: ["x": true, "y": false],
            color: .red, inner: Inner(flag: true, small: 255, ratio: 0.5), inners: [Inner(flag: false, small: 0, ratio: -1.5)], missing: nil,
            present: "here", raw: ["nested": [1, "two", .null]], rawNull: .null)
        let direct = JSONValue(encoding: value)
        #expect(direct == (try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))))
        #expect(direct["missing"] == nil)
        #expect(direct["rawNull"] == .null)
        // Decoding reads the explicit null as an absent optional, as it would from the wire.
        var read = value
        read.rawNull = nil
        #expect(try direct.decoded(as: Outer.self) == read)
    }

    @Test func scalarsAndArraysAtTheTop() {
        #expect(JSONValue(encoding: "text") == "text")
        #expect(JSONValue(encoding: [1, 2]) == [1, 2])
        #expect(JSONValue(encoding: JSONValue.null) == .null)
        #expect(JSONValue(encoding: [String: Int]()) == .object([:]))
    }
}
