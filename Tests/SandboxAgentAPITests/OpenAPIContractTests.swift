import Foundation
import SandboxAgentAPI
import SandboxAgentResources
import Testing

/// `Resources/openapi.json` and the wire types of `SandboxAgentAPI` checked against each other, both
/// ways: every schema's properties are the keys its type reads, its `required` the keys the type
/// cannot do without; enums list the same values; and every type of the module has a schema.
@Suite("OpenAPI document ↔ SandboxAgentAPI")
struct OpenAPIContractTests {
    /// An object type and where its schema is: a component name, optionally followed by a path
    /// into it (`AgentInfo/properties/modes/items`) for types the document writes inline.
    struct ObjectPairing: Sendable, CustomTestStringConvertible {
        let schema: String
        let keys: @Sendable () throws -> KeyProbe.Keys
        let typeName: String
        var testDescription: String { "\(schema) ↔ \(typeName)" }

        /// `strings`: valid stand-ins, by key, for a type that checks its strings while decoding.
        /// With `tag`, the schema is one branch of a union tagged by that member (required), which
        /// the type leaves to the union: the schema's other members are the type's keys.
        init<T: Decodable>(_ schema: String, _ type: T.Type, strings: [String: String] = [:], taggedBy tag: String? = nil) {
            self.schema = schema
            self.keys = {
                var keys = try KeyProbe.keys(of: T.self, strings: strings)
                if let tag { keys.required.insert(tag) }
                return keys
            }
            typeName = String(reflecting: type).split(separator: ".").dropFirst().joined(separator: ".")
        }
    }

    /// A string enum and its schema.
    struct EnumPairing: Sendable, CustomTestStringConvertible {
        let schema: String
        let values: [String]
        let typeName: String
        var testDescription: String { "\(schema) ↔ \(typeName)" }

        init<T: CaseIterable & RawRepresentable>(_ schema: String, _ type: T.Type) where T.RawValue == String {
            self.schema = schema
            values = T.allCases.map(\.rawValue)
            typeName = String(reflecting: type).split(separator: ".").dropFirst().joined(separator: ".")
        }
    }

    static let objects: [ObjectPairing] = [
        .init("AgentInfo", AgentInfo.self),
        .init("AgentInfo/properties/modes/items", AgentInfo.Choice.self),
        .init("AgentInfo/properties/sandbox", AgentInfo.Sandbox.self),
        .init("AgentInfo/properties/serverStatus", AgentInfo.ServerStatus.self),
        .init("AgentListResponse", AgentListResponse.self),
        .init("AgentInstallRequest", AgentInstallRequest.self),
        .init("AgentInstallProgress", AgentInstallProgress.self),
        .init("AgentInstallResponse", AgentInstallResponse.self),
        .init("AgentInstallResponse/properties/artifacts/items", AgentInstallResponse.Artifact.self),
        .init("FsActionResponse", FsActionResponse.self),
        .init("FsEntry", FsEntry.self),
        .init("FsMoveRequest", FsMoveRequest.self),
        .init("FsMoveResponse", FsMoveResponse.self),
        .init("FsStat", FsStat.self),
        .init("FsUploadBatchResponse", FsUploadBatchResult.self),
        .init("FsWriteResponse", FsWriteResponse.self),
        .init("HealthResponse", HealthResponse.self),
        .init("McpLocalServerConfig", LocalMcpServer.self, strings: ["type": "local", "command": "server"]),
        .init("McpRemoteServerConfig", RemoteMcpServer.self, strings: ["type": "remote", "url": "https://mcp.example"]),
        .init("SkillsConfig", SkillsConfig.self),
        .init("SkillSource", SkillSource.self, strings: ["type": "local", "source": "/skills"]),
        .init("PermissionListResponse", PermissionListResponse.self),
        .init("PermissionOption", PermissionOption.self),
        .init("PermissionReplyRequest", PermissionReplyRequest.self),
        .init("PermissionReplyResponse", PermissionReplyResponse.self),
        .init("PermissionRequest", PermissionRequest.self),
        .init("ProblemDetails", ProblemDetails.self),
        .init("ProcessConfig", ProcessConfig.self),
        .init("ProcessCreateRequest", ProcessCreateRequest.self),
        .init("ProcessInfo", ProcessRecord.self),
        .init("ProcessInputRequest", ProcessInputRequest.self),
        .init("ProcessInputResponse", ProcessInputResponse.self),
        .init("ProcessListResponse", ProcessListResponse.self),
        .init("ProcessLogEntry", ProcessLogEntry.self),
        .init("ProcessLogsResponse", ProcessLogsResponse.self),
        .init("ProcessRunRequest", ProcessRunRequest.self),
        .init("ProcessRunResponse", ProcessRunResponse.self),
        .init("Question", Question.self),
        .init("QuestionItem", Question.Item.self),
        .init("QuestionItem/properties/options/items", Question.Option.self),
        .init("QuestionAnswerRequest", QuestionAnswerRequest.self),
        .init("QuestionListResponse", QuestionListResponse.self),
        .init("QuestionResolution", QuestionResolution.self),
        .init("Session", Session.self),
        .init("SessionCreateRequest", SessionCreateRequest.self),
        .init("SessionCreateRequest/properties/desktop/oneOf/1", SessionDesktopRequest.self),
        .init("SessionEvent", SessionEvent.self),
        .init("SessionEventsResponse", SessionEventPage.self),
        .init("SessionListResponse", SessionListResponse.self),
        .init("SessionUsage", SessionUsage.self),
        .init("SessionUsage/properties/cost", SessionUsage.Cost.self),
        .init("TerminalSize", TerminalSize.self),
        // The desktop.
        .init("DesktopStatusResponse", DesktopStatus.self),
        .init("DesktopResolution", DesktopResolution.self),
        .init("DesktopErrorInfo", DesktopErrorInfo.self),
        .init("DesktopProcessInfo", DesktopProcessInfo.self),
        .init("DesktopStartRequest", DesktopStartRequest.self),
        .init("DesktopDisplayInfoResponse", DesktopDisplayInfo.self),
        .init("DesktopActionResponse", DesktopOK.self),
        .init("DesktopMousePositionResponse", MousePosition.self),
        .init("DesktopMouseMoveRequest", MouseMoveRequest.self),
        .init("DesktopMouseClickRequest", MouseClickRequest.self),
        .init("DesktopMouseButtonRequest", MouseButtonRequest.self),
        .init("DesktopMouseDragRequest", MouseDragRequest.self),
        .init("DesktopMouseScrollRequest", MouseScrollRequest.self),
        .init("DesktopKeyboardTypeRequest", KeyboardTypeRequest.self),
        .init("DesktopKeyboardPressRequest", KeyboardPressRequest.self),
        .init("DesktopKeyboardKeyRequest", KeyboardKeyRequest.self),
        .init("DesktopKeyModifiers", KeyModifiers.self),
        .init("DesktopWindowInfo", DesktopWindowInfo.self),
        .init("DesktopWindowListResponse", DesktopWindowListResponse.self),
        .init("DesktopWindowMoveRequest", WindowMoveRequest.self),
        .init("DesktopWindowResizeRequest", WindowResizeRequest.self),
        .init("DesktopClipboardResponse", DesktopClipboardResponse.self),
        .init("DesktopClipboardSetRequest", ClipboardSetRequest.self),
        .init("DesktopLaunchRequest", DesktopLaunchRequest.self),
        .init("DesktopLaunchResponse", DesktopLaunchResponse.self),
        .init("DesktopOpenRequest", DesktopOpenRequest.self),
        .init("DesktopOpenResponse", DesktopOpenResponse.self),
        .init("DesktopRecordingInfo", DesktopRecordingInfo.self),
        .init("DesktopRecordingListResponse", DesktopRecordingListResponse.self),
        .init("DesktopRecordingStartRequest", DesktopRecordingStartRequest.self),
        .init("DesktopStreamStatusResponse", DesktopStreamStatus.self),
        .init("DesktopActionsRequest", DesktopActionsRequest.self),
        .init("DesktopSettleOptions", SettleOptions.self),
        .init("DesktopBatchScreenshotOptions", BatchScreenshotOptions.self),
        .init("DesktopActionResult", DesktopActionResult.self),
        .init("DesktopBatchScreenshot", BatchScreenshot.self),
        .init("DesktopActionsResponse", DesktopActionsResponse.self),
        // The branches of `DesktopAction`: each case's fields, tagged by `type`.
        .init("DesktopMoveAction", MouseMoveRequest.self, taggedBy: "type"),
        .init("DesktopClickAction", MouseClickRequest.self, taggedBy: "type"),
        .init("DesktopMouseDownAction", MouseButtonRequest.self, taggedBy: "type"),
        .init("DesktopMouseUpAction", MouseButtonRequest.self, taggedBy: "type"),
        .init("DesktopDragAction", MouseDragRequest.self, taggedBy: "type"),
        .init("DesktopScrollAction", MouseScrollRequest.self, taggedBy: "type"),
        .init("DesktopTypeAction", KeyboardTypeRequest.self, taggedBy: "type"),
        .init("DesktopPressAction", KeyboardPressRequest.self, taggedBy: "type"),
        .init("DesktopKeyDownAction", KeyboardKeyRequest.self, taggedBy: "type"),
        .init("DesktopKeyUpAction", KeyboardKeyRequest.self, taggedBy: "type"),
        .init("DesktopWaitAction", DesktopWait.self, taggedBy: "type"),
        // The params of the server's transcript notifications (SessionEvent's description names them).
        .init("SessionStartedParams", SessionStartedParams.self),
        .init("SessionResumedParams", SessionResumedParams.self),
        .init("SessionEndedParams", SessionEndedParams.self),
        .init("SessionEndedUpstream", SessionEndedParams.Upstream.self),
        .init("SessionEndedUpstreamStderr", SessionEndedParams.Upstream.Stderr.self),
        .init("SessionConfigApplied", SessionConfigAppliedParams.self),
        .init("SessionConfigApplied/properties/skills/items", SessionConfigAppliedParams.Skill.self),
        .init("PermissionResolvedParams", PermissionResolvedParams.self),
        .init("QuestionResolvedParams", QuestionResolvedParams.self),
        .init("AgentDiagnosticParams", AgentDiagnosticParams.self),
        .init("DesktopActionParams", DesktopActionParams.self),
        .init("DesktopRecordingParams", DesktopRecordingParams.self),
        .init("StoragePausedParams", StoragePausedParams.self),
        .init("StorageResumedParams", StorageResumedParams.self),
        .init("StorageDegradedParams", StorageDegradedParams.self),
        .init("StorageRecoveredParams", StorageRecoveredParams.self),
    ]

    static let enums: [EnumPairing] = [
        .init("EventSender", EventSender.self),
        .init("FsEntryType", FsEntryType.self),
        .init("AgentInstallProgress/properties/phase", AgentInstallProgress.Phase.self),
        .init("ProcessInputRequest/properties/encoding", InputEncoding.self),
        .init("LogStreamQuery", LogStream.self),
        .init("ProcessOwner", ProcessOwner.self),
        .init("ProcessStatus", ProcessStatus.self),
        .init("QuestionResolution/properties/action", QuestionResolution.Action.self),
        .init("SessionStatus", SessionStatus.self),
        .init("SkillSource/properties/type", SkillSource.Kind.self),
        .init("DesktopState", DesktopState.self),
        .init("DesktopMouseButton", MouseButton.self),
        .init("DesktopClipboardSelection", ClipboardSelection.self),
        .init("DesktopImageFormat", ImageFormat.self),
        .init("DesktopRecordingInfo/properties/status", DesktopRecordingInfo.Status.self),
        .init("DesktopRecordingInfo/properties/endReason", DesktopRecordingInfo.EndReason.self),
        .init("DesktopActionResult/properties/type", DesktopAction.Kind.self),
    ]

    /// Types of the module that are not JSON objects or enums of the document, and why.
    static let notSchemas: [String: String] = [
        "QuestionAnswer": "the typed answer; its wire form is QuestionAnswerRequest",
        "PermissionReply": "the typed reply; its wire form is PermissionReplyRequest",
        "ProcessLogEvent": "an SSE event (`log` or `exit`), documented as text/event-stream",
        "SandboxAgentMethod": "JSON-RPC method names, not a body",
        "QuestionAnswerRequest.Invalid": "an error value",
        "PermissionReplyRequest.Invalid": "an error value",
        "SessionDesktopRequest.Invalid": "an error value",
        "McpServerConfig": "oneOf McpLocalServerConfig and McpRemoteServerConfig, paired branch by branch (LocalMcpServer, RemoteMcpServer)",
        "McpCommand": "a string or an array of strings (McpLocalServerConfig's command), not an object",
        "McpOAuth": "false or an object (McpRemoteServerConfig's oauth), passed through",
        "DesktopAction": "the oneOf `DesktopAction`, tagged by `type`: each branch is paired with its case's fields above, and theBatchActionsAreTheOneOfBranches checks the tags",
    ]

    /// A `Keys` value read from a schema: its properties and required names. `oneOf` branches
    /// (objects) contribute their properties; a name is required when every branch requires it.
    /// `allOf` parts (a `$ref` to a component, or an object) add up.
    static func keys(ofSchema path: String) throws -> KeyProbe.Keys {
        let schema = try Self.schema(at: path)
        if let parts = schema["allOf"] as? [[String: Any]] {
            return try parts.reduce(KeyProbe.Keys(required: [], optional: [])) { sum, part in
                let keys = try (part["$ref"] as? String).map { try Self.keys(ofSchema: String($0.split(separator: "/").last ?? "")) }
                    ?? KeyProbe.Keys(
                        required: Set(part["required"] as? [String] ?? []),
                        optional: Set((part["properties"] as? [String: Any] ?? [:]).keys).subtracting(part["required"] as? [String] ?? []))
                let required = sum.required.union(keys.required)
                return KeyProbe.Keys(required: required, optional: sum.optional.union(keys.optional).subtracting(required))
            }
        }
        var properties = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
        var required = Set(schema["required"] as? [String] ?? [])
        if let branches = schema["oneOf"] as? [[String: Any]], properties.isEmpty {
            let objects = branches.filter { $0["properties"] != nil }
            for branch in objects { properties.formUnion((branch["properties"] as? [String: Any] ?? [:]).keys) }
            let each = objects.map { Set($0["required"] as? [String] ?? []) }
            required = each.dropFirst().reduce(each.first ?? []) { $0.intersection($1) }
        }
        return KeyProbe.Keys(required: required, optional: properties.subtracting(required))
    }

    static func schema(at path: String) throws -> [String: Any] {
        let document = try JSONSerialization.jsonObject(with: SandboxAgentResources.openAPIDocument()) as? [String: Any]
        let schemas = (document?["components"] as? [String: Any])?["schemas"] as? [String: Any]
        var parts = path.split(separator: "/").map(String.init)
        var node: Any? = schemas?[parts.removeFirst()]
        for part in parts {
            if let array = node as? [Any], let index = Int(part), array.indices.contains(index) {
                node = array[index]
            } else {
                node = (node as? [String: Any])?[part]
            }
        }
        guard let object = node as? [String: Any] else {
            throw CocoaError(.coderValueNotFound, userInfo: [NSLocalizedDescriptionKey: "no schema at \(path)"])
        }
        return object
    }

    @Test("a schema's properties and required fields are the keys its type reads", arguments: objects)
    func objectMatches(_ pairing: ObjectPairing) throws {
        let type = try pairing.keys()
        let document = try Self.keys(ofSchema: pairing.schema)
        #expect(document.all.subtracting(type.all).isEmpty, "documented, unknown to \(pairing.typeName): \(document.all.subtracting(type.all).sorted())")
        #expect(type.all.subtracting(document.all).isEmpty, "read by \(pairing.typeName), not documented: \(type.all.subtracting(document.all).sorted())")
        #expect(
            type.required == document.required,
            "required by \(pairing.typeName): \(type.required.sorted()); by \(pairing.schema): \(document.required.sorted())")
    }

    @Test("an enum schema lists the type's cases", arguments: enums)
    func enumMatches(_ pairing: EnumPairing) throws {
        let schema = try Self.schema(at: pairing.schema)
        #expect(Set(schema["enum"] as? [String] ?? []) == Set(pairing.values), "\(pairing.schema) vs \(pairing.typeName)")
    }

    /// `DesktopAction`'s branches are one per case of the type, each tagged by its `type`, and a
    /// case encodes as its tag and fields.
    @Test func theBatchActionsAreTheOneOfBranches() throws {
        let branches = try #require(Self.schema(at: "DesktopAction")["oneOf"] as? [[String: Any]])
        let tags = try branches.map { branch in
            let name = try #require((branch["$ref"] as? String)?.split(separator: "/").last)
            let type = (try Self.schema(at: "\(name)/properties/type"))["const"] as? String
            return try #require(type, "\(name) has no const type")
        }
        #expect(tags.sorted() == DesktopAction.Kind.allCases.map(\.rawValue).sorted())
        let click = DesktopAction.click(MouseClickRequest(x: 1, y: 2, clickCount: 2))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(click)) as? [String: Any]
        #expect(json?.keys.sorted() == ["clickCount", "type", "x", "y"] && json?["type"] as? String == "click")
        let decoded = try JSONDecoder().decode(DesktopAction.self, from: JSONEncoder().encode(DesktopAction.wait(DesktopWait(ms: 5))))
        guard case .wait(let wait) = decoded else { Issue.record("decoded \(decoded)"); return }
        #expect(wait.ms == 5)
    }

    /// Every type the module declares (read from its sources, so a new type cannot be forgotten).
    @Test func everyTypeHasASchemaOrAReason() throws {
        let root = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources/SandboxAgentAPI").standardized
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        var declared: Set<String> = []
        let declaration = /^(\s*)public (?:struct|enum) (\w+)/
        // A type the module takes from ACP (`public typealias Cost = UsageUpdate.Cost`) is paired by its own name.
        let alias = /^\s*public typealias \w+ = ([\w.]+)$/
        for case let url as URL in files where url.pathExtension == "swift" {
            var outer: [(indent: Int, name: String)] = []
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                if let match = line.firstMatch(of: alias) { declared.insert(String(match.1)) }
                guard let match = line.firstMatch(of: declaration) else { continue }
                let indent = match.1.count
                outer.removeAll { $0.indent >= indent }
                let name = (outer.map(\.name) + [String(match.2)]).joined(separator: ".")
                outer.append((indent, String(match.2)))
                declared.insert(name)
            }
        }
        #expect(declared.count > 20, "found only \(declared.sorted()) under \(root.path)")
        let paired = Set(Self.objects.map(\.typeName) + Self.enums.map(\.typeName) + Self.notSchemas.keys)
        #expect(declared.subtracting(paired).isEmpty, "types without a schema pairing: \(declared.subtracting(paired).sorted())")
        #expect(paired.subtracting(declared).isEmpty, "pairings of types that do not exist: \(paired.subtracting(declared).sorted())")
    }
}
