import Foundation
import Testing

@testable import AgentSessions

@Suite("EventIDGenerator")
struct EventIDGeneratorTests {
    @Test func producesDistinctVersion4UUIDs() {
        var generator = EventIDGenerator()
        var seen = Set<String>()
        for _ in 0..<100_000 {
            let id = generator.next()
            #expect(seen.insert(id).inserted, "duplicate \(id)")
            guard seen.count <= 3 || seen.count % 10_000 == 0 else { continue }
            let uuid = UUID(uuidString: id)
            #expect(uuid != nil, "\(id) is not a UUID")
            #expect(id.count == 36)
            #expect(Array(id)[14] == "4", "version nibble of \(id)")
            #expect("89ab".contains(Array(id)[19]), "variant nibble of \(id)")
            #expect(id == id.lowercased())
        }
    }

    @Test func twoGeneratorsDoNotCollide() {
        var first = EventIDGenerator()
        var second = EventIDGenerator()
        let a = Set((0..<1000).map { _ in first.next() })
        let b = Set((0..<1000).map { _ in second.next() })
        #expect(a.isDisjoint(with: b))
    }
}
