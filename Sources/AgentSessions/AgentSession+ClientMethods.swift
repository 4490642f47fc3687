import ACP
import SandboxAgentAPI
import SessionStore
import FileSystem
import Foundation
import ProcessRuntime

extension AgentSession {
    /// Serves one request the agent sent to us, the ACP client. Params are read as ACP's schema
    /// types; one that does not fit is invalid params (-32602) naming the member at fault.
    func serve(_ method: String, _ params: JSONValue?) async -> Result<JSONValue, JSONRPCError> {
        do throws(JSONRPCError) {
            switch method {
            case ACPMethod.sessionRequestPermission: return await requestPermission(params)
            case ACPMethod.elicitationCreate: return await createElicitation(try Self.decode(params))
            case ACPMethod.fsReadTextFile: return try readTextFile(Self.decode(params))
            case ACPMethod.fsWriteTextFile: return try writeTextFile(Self.decode(params))
            case ACPMethod.terminalCreate: return try await createTerminal(Self.decode(params))
            case ACPMethod.terminalOutput: return .success(JSONValue(encoding: try terminal(Self.decode(params)).output()))
            case ACPMethod.terminalWaitForExit: return .success(JSONValue(encoding: await try terminal(Self.decode(params)).waitForExit()))
            case ACPMethod.terminalKill:
                try terminal(Self.decode(params)).kill()
                return .success([:])
            case ACPMethod.terminalRelease:
                let params: TerminalParams = try Self.decode(params)
                guard let terminal = terminals.remove(params.terminalId) else { throw .resourceNotFound("no terminal \(params.terminalId)") }
                await terminal.release(processes: services.processes)
                return .success([:])
            default: return .failure(.methodNotFound(method))
            }
        } catch {
            return .failure(error)
        }
    }

    /// `params` as ACP's `Params` type, or invalid params naming the member at fault.
    static func decode<Params: Decodable>(_ params: JSONValue?) throws(JSONRPCError) -> Params {
        try (params ?? .null).decoded(as: Params.self)
    }

    private func readTextFile(_ params: ReadTextFileParams) -> Result<JSONValue, JSONRPCError> {
        let path = params.path
        do {
            guard let text = String(validating: try services.files.readFile(path), as: UTF8.self) else {
                return .failure(.invalidParams("\(path) is not UTF-8 text"))
            }
            let line = params.line ?? 1
            guard line >= 1, params.limit.map({ $0 >= 0 }) ?? true else { return .failure(.invalidParams("line must be >= 1 and limit >= 0")) }
            if line == 1 && params.limit == nil { return .success(JSONValue(encoding: ReadTextFileResult(content: text))) }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let selected = lines.dropFirst(line - 1).prefix(params.limit ?? Int.max)
            var content = selected.joined(separator: "\n")
            if line - 1 + selected.count < lines.count { content += "\n" }
            return .success(JSONValue(encoding: ReadTextFileResult(content: content)))
        } catch where error.code == .notFound {
            return .failure(.resourceNotFound(error.message))
        } catch {
            return .failure(.internalError("\(error)"))
        }
    }

    private func writeTextFile(_ params: WriteTextFileParams) -> Result<JSONValue, JSONRPCError> {
        do {
            _ = try services.files.writeFile(params.path, Array(params.content.utf8))
            return .success([:])
        } catch {
            return .failure(.internalError("\(error)"))
        }
    }

    private func createTerminal(_ params: CreateTerminalParams) async -> Result<JSONValue, JSONRPCError> {
        var env: [String: String] = [:]
        for variable in params.env ?? [] { env[variable.name] = variable.value }
        let cwd = params.cwd ?? record.cwd
        // Agents (claude-code-acp) send a whole shell line in `command` and no args.
        let request =
            (params.args ?? []).isEmpty
            ? ProcessCreateRequest(command: "/bin/sh", args: ["-c", params.command], cwd: cwd, env: env)
            : ProcessCreateRequest(command: params.command, args: params.args ?? [], cwd: cwd, env: env)
        do {
            let process = try await services.processes.start(request, owner: .system)
            let terminalId = terminals.add(Terminal(process: process, outputByteLimit: params.outputByteLimit))
            return .success(JSONValue(encoding: CreateTerminalResult(terminalId: terminalId)))
        } catch {
            return .failure(.internalError(error.message))
        }
    }

    /// The session's terminal `params` names.
    private func terminal(_ params: TerminalParams) throws(JSONRPCError) -> Terminal {
        guard let terminal = terminals[params.terminalId] else { throw .resourceNotFound("no terminal \(params.terminalId)") }
        return terminal
    }
}
