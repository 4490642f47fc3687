import Foundation
import NIOHTTP1
import TestPostgres
import Testing

/// Ends a database outage the test made with `postgres.stopServer()`: starts the database again,
/// waits for the session's turn to end and for `/v1/health` to be `ok` again, and returns the
/// stored transcript once it is checked to be gap-free.
func endOutage(_ postgres: TestPostgres, server: TestServer, session id: String) async throws -> [[String: Any]] {
    try await postgres.startServer()
    let api = SessionAPI(server: server)
    #expect(try await api.stopReason(id) == "end_turn")
    let healthy = try await eventually { try await HTTP.send(.GET, server.address("/v1/health")).json()["status"] as? String == "ok" }
    #expect(healthy, "health is back to ok")
    let stored = try await api.events(id)
    #expect(stored.compactMap { $0["eventIndex"] as? Int } == Array(0..<stored.count), "gap-free")
    return stored
}
