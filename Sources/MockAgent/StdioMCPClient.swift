import ACP
import Foundation
import Synchronization

/// A minimal MCP client over stdio, for `/computer`: starts the server an ACP `McpServerStdio`
/// describes, runs `initialize`, then `tools/call`s, and stops it when done.
final class StdioMCPClient: Sendable {
    private let process: Process
    private let input: FileHandle
    /// Kept open while `lines` reads its descriptor.
    private let output: FileHandle
    private let lines: AsyncStream<String>
    private let nextID = Mutex<Int64>(1)

    /// Starts `server` (`{name, command, args, env: [{name, value}]}`) and initializes it.
    init(server: JSONValue) async throws(JSONRPCError) {
        guard let command = server["command"]?.stringValue else { throw .invalidParams("the MCP server has no command (only stdio servers are supported)") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = server["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var environment = ProcessInfo.processInfo.environment
        for pair in server["env"]?.arrayValue ?? [] {
            if let name = pair["name"]?.stringValue, let value = pair["value"]?.stringValue { environment[name] = value }
        }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        lines = LineReader.lines(of: output.fileDescriptor)
        do {
            try process.run()
        } catch {
            throw .internalError("cannot start the MCP server \(command): \(error)")
        }
        _ = try await request("initialize", [
            "protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "sandbox-agent-mock", "version": "1.0.0"],
        ])
        send(["jsonrpc": "2.0", "method": "notifications/initialized"])
    }

    /// `tools/call`; the result (`content`, `isError`).
    func callTool(_ name: String, arguments: JSONValue) async throws(JSONRPCError) -> JSONValue {
        try await request("tools/call", ["name": .string(name), "arguments": arguments])
    }

    /// Closes the server's stdin (it exits at EOF) and waits for it.
    func close() {
        try? input.close()
        process.waitUntilExit()
    }

    private func request(_ method: String, _ params: JSONValue) async throws(JSONRPCError) -> JSONValue {
        let id = nextID.withLock { value in
            defer { value += 1 }
            return value
        }
        send(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params])
        for await line in lines {
            guard case .response(let answerID, let result)? = try? JSONRPCMessage.parse(line), answerID == .int(id) else { continue }
            return try result.get()
        }
        throw .internalError("the MCP server exited before answering \(method)")
    }

    private func send(_ message: JSONValue) {
        try? input.write(contentsOf: Data((message.jsonText + "\n").utf8))
    }
}
