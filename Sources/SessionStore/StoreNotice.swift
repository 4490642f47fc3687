/// What a store shared between servers announces, so that any of them can stream a session
/// another one writes.
public enum StoreNotice: Sendable, Equatable {
    /// Session `sessionId` now has `count` events (someone committed an append).
    case appended(sessionId: String, count: Int64)
    /// Announcements may have been missed (the store's connection was lost and is back):
    /// followers re-read the counts they care about.
    case resync
}

extension SessionStore {
    /// Memory and SQLite stores have one writer, this server: nothing to announce.
    public func notices() -> AsyncStream<StoreNotice>? { nil }
    public var isShared: Bool { false }
}
