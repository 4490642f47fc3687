import ACP
import SandboxAgentAPI
import SessionStore
import FileSystem
import Foundation
import ProcessRuntime

extension AgentSession {
    /// Serves one request the agent sent to us, the ACP client.
    func serve(_ method: String, _ params: JSONValue?) async -> Result<JSONValue, JSONRPCError> {
        switch method {
        case ACPMethod.sessionRequestPermission: return await requestPermission(params)
        case ACPMethod.elicitationCreate: return await createElicitation(params)
        case ACPMethod.fsReadTextFile: return readTextFile(params)
        case ACPMethod.fsWriteTextFile: return writeTextFile(params)
        case ACPMethod.terminalCreate: return await createTerminal(params)
        case ACPMethod.terminalOutput: return await terminalCall(params) { $0.output() }
        case ACPMethod.terminalWaitForExit: return await terminalCall(params) { await $0.waitForExit() }
        case ACPMethod.terminalKill: return await terminalCall(params) { await $0.kill() }
        case ACPMethod.terminalRelease:
            guard let id = params?["terminalId"]?.stringValue else { return .failure(.invalidParams("terminalId is required")) }
            guard let terminal = terminals.remove(id) else { return .failure(.resourceNotFound("no terminal \(id)")) }
            await terminal.release(processes: services.processes)
            return .success([:])
        default: return .failure(.methodNotFound(method))
        }
    }

    private func readTextFile(_ params: JSONValue?) -> Result<JSONValue, JSONRPCError> {
        guard let path = params?["path"]?.stringValue else { return .failure(.invalidParams("path is required")) }
        do {
            guard let text = String(validating: try services.files.readFile(path), as: UTF8.self) else {
                return .failure(.invalidParams("\(path) is not UTF-8 text"))
            }
            let line = Int(params?["line"]?.intValue ?? 1)
            let limit = params?["limit"]?.intValue.map(Int.init)
            guard line >= 1, limit.map({ $0 >= 0 }) ?? true else { return .failure(.invalidParams("line must be >= 1 and limit >= 0")) }
            if line == 1 && limit == nil { return .success(["content": .string(text)]) }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let selected = lines.dropFirst(line - 1).prefix(limit ?? Int.max)
            var content = selected.joined(separator: "\n")
            if line - 1 + selected.count < lines.count { content += "\n" }
            return .success(["content": .string(content)])
        } catch where error.code == .notFound {
            return .failure(.resourceNotFound(error.message))
        } catch {
            return .failure(.internalError("\(error)"))
        }
    }

    private func writeTextFile(_ params: JSONValue?) -> Result<JSONValue, JSONRPCError> {
        guard let path = params?["path"]?.stringValue, let content = params?["content"]?.stringValue else {
            return .failure(.invalidParams("path and content are required"))
        }
        do {
            _ = try services.files.writeFile(path, Array(content.utf8))
            return .success([:])
        } catch {
            return .failure(.internalError("\(error)"))
        }
    }

    private func createTerminal(_ params: JSONValue?) async -> Result<JSONValue, JSONRPCError> {
        guard let command = params?["command"]?.stringValue else { return .failure(.invalidParams("command is required")) }
        let args = params?["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var env: [String: String] = [:]
        for variable in params?["env"]?.arrayValue ?? [] {
            if let name = variable["name"]?.stringValue, let value = variable["value"]?.stringValue { env[name] = value }
        }
        // Agents (claude-code-acp) send a whole shell line in `command` and no args.
        let request =
            args.isEmpty
            ? ProcessCreateRequest(command: "/bin/sh", args: ["-c", command], cwd: params?["cwd"]?.stringValue ?? record.cwd, env: env)
            : ProcessCreateRequest(command: command, args: args, cwd: params?["cwd"]?.stringValue ?? record.cwd, env: env)
        do {
            let process = try await services.processes.start(request, owner: .system)
            let limit = params?["outputByteLimit"]?.intValue.map(Int.init)
            let terminalId = terminals.add(Terminal(process: process, outputByteLimit: limit))
            return .success(["terminalId": .string(terminalId)])
        } catch {
            return .failure(.internalError(error.message))
        }
    }

    private func terminalCall(
        _ params: JSONValue?, _ body: (Terminal) async -> JSONValue
    ) async -> Result<JSONValue, JSONRPCError> {
        guard let id = params?["terminalId"]?.stringValue else { return .failure(.invalidParams("terminalId is required")) }
        guard let terminal = terminals[id] else { return .failure(.resourceNotFound("no terminal \(id)")) }
        return .success(await body(terminal))
    }
}
