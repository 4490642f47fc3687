/// The update object of one ``SessionUpdateKind`` (ACP's `SessionUpdate` variants), typed.
///
/// The drivers and the mock agent build updates as these values; ``json`` turns one into the
/// update object a `session/update` notification carries, writing the discriminator, and
/// ``init(_:)`` reads one back. Members that are nil are left out on the wire.
public protocol SessionUpdatePayload: Codable, Sendable {
    /// The kind this payload is sent as (its `sessionUpdate`).
    static var kind: SessionUpdateKind { get }
    /// The update object: this payload's members plus `sessionUpdate`.
    var json: JSONValue { get }
}

extension SessionUpdatePayload {
    public var json: JSONValue {
        Self.updateObject(JSONValue(encoding: self).objectValue ?? [:])
    }

    /// `members` plus the discriminator naming this kind.
    static func updateObject(_ members: consuming [String: JSONValue]) -> JSONValue {
        members[SessionUpdateKind.discriminator] = .string(kind.rawValue)
        return .object(members)
    }

    /// The payload of `update` (`params.update`); nil when it is of another kind or does not fit.
    public init?(_ update: JSONValue?) {
        guard let update, SessionUpdateKind(of: update) == Self.kind, let payload = try? update.decoded(as: Self.self) else { return nil }
        self = payload
    }
}
