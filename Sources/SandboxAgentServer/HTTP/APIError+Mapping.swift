import AgentSessions
import DesktopRuntime
import FileSystem
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import ProcessRuntime
import SandboxAgentAPI

extension APIError {
    /// The API's view of any error a handler or the framework throws.
    init(mapping error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as ProcessError:
            self.init(processError: error)
        case let error as FileSystemError:
            self.init(fileSystemError: error)
        case let error as AgentSessionError:
            self.init(sessionError: error)
        case let error as DesktopError:
            self.init(desktopError: error)
        case let error as ConfigError:
            self.init(configError: error)
        case let error as QuestionAnswerRequest.Invalid:
            self = .invalidRequest(error.message)
        case let error as PermissionReplyRequest.Invalid:
            self = .invalidRequest(error.message)
        case let error as SessionDesktopRequest.Invalid:
            self.init(desktopError: .invalid("desktop", error.rule))
        case let error as DecodingError:
            self = .invalidRequest(JSONBody.describe(error))
        case let error as HTTPError:
            self.init(httpError: error)
        case let error as HTTPParserError:
            // A body that turned malformed mid-request (a bad chunk); `ConnectionGuard` answers it.
            self.init(.badRequest, code: "malformed_request", title: "Malformed request", detail: "the request is not valid HTTP/1.1: \(error)")
        case is NIOTooManyBytesError:
            self.init(.contentTooLarge, code: "payload_too_large", title: "Payload too large", detail: "the request body is too large")
        default:
            self.init(.internalServerError, code: "internal_error", title: "Internal error", detail: "\(error)")
        }
    }

    private init(processError error: ProcessError) {
        let status: HTTPResponse.Status =
            switch error.code.base {
            case .invalidRequest, .commandNotFound, .invalidWorkingDirectory: .badRequest
            case .notFound: .notFound
            case .limitReached, .conflict: .conflict
            case .shuttingDown: .serviceUnavailable
            case .system: .internalServerError
            }
        self.init(status, code: error.code.description, detail: error.message)
    }

    private init(fileSystemError error: FileSystemError) {
        let status: HTTPResponse.Status =
            switch error.code.base {
            case .notFound: .notFound
            case .notADirectory, .notAFile, .invalidPath, .invalidArchive: .badRequest
            case .alreadyExists, .directoryNotEmpty, .crossDevice: .conflict
            case .outsideRoot, .permissionDenied: .forbidden
            case .io: .internalServerError
            }
        var extensions: [String: String] = [:]
        if let path = error.path { extensions["path"] = path }
        self.init(status, code: error.code.description, detail: error.message, extensions: extensions)
    }

    private init(sessionError error: AgentSessionError) {
        let status: HTTPResponse.Status =
            switch error.code.base {
            case .invalidRequest, .unsupportedAgent: .badRequest
            case .sessionNotFound, .permissionNotFound, .questionNotFound, .agentNotInstalled, .agentVersionNotFound: .notFound
            case .sessionAlreadyExists, .conflict: .conflict
            case .agentError, .agentExited, .installSourceUnavailable: .badGateway
            case .timeout: .gatewayTimeout
            case .agentStartFailed, .installFailed, .storage: .internalServerError
            }
        self.init(status, code: error.code.description, detail: error.message, extensions: error.details)
    }

    private init(configError error: ConfigError) {
        switch error.kind {
        case .invalid: self = .invalidRequest(error.message)
        case .notFound: self = .notFound(error.message)
        case .corrupt: self.init(.internalServerError, code: "config_corrupt", title: "Config file corrupt", detail: error.message)
        }
        if let field = error.field { extensions["field"] = field }
    }

    private init(desktopError error: DesktopError) {
        let (status, title): (HTTPResponse.Status, String) =
            switch error.code.base {
            case .unsupportedPlatform: (.notImplemented, "Desktop Unsupported")
            case .dependenciesMissing: (.serviceUnavailable, "Desktop Dependencies Missing")
            case .runtimeInactive: (.conflict, "Desktop Runtime Inactive")
            case .runtimeStarting: (.conflict, "Desktop Runtime Starting")
            case .runtimeFailed: (.serviceUnavailable, "Desktop Runtime Failed")
            case .invalidAction: (.badRequest, "Desktop Invalid Action")
            case .screenshotFailed: (.badGateway, "Desktop Screenshot Failed")
            case .inputFailed: (.badGateway, "Desktop Input Failed")
            case .notFound: (.notFound, "Not found")
            case .conflict: (.conflict, "Conflict")
            case .installRequired: (.conflict, "Install Required")
            case .clipboardFailed: (.internalServerError, "Desktop Clipboard Failed")
            }
        var extensions: [String: String] = [:]
        if let field = error.field { extensions["field"] = field }
        if let command = error.installCommand { extensions["installCommand"] = command }
        self.init(status, code: error.code.description, title: title, detail: error.message, extensions: extensions)
        if !error.missingDependencies.isEmpty { listExtensions["missingDependencies"] = error.missingDependencies }
    }

    private init(httpError error: HTTPError) {
        switch error.status {
        case .notFound:
            self = .notFound(error.body ?? "no such route")
        case .contentTooLarge:
            self.init(.contentTooLarge, code: "payload_too_large", title: "Payload too large", detail: error.body ?? "request body is too large")
        default:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            self.init(error.status, code: code, detail: error.body ?? error.status.reasonPhrase)
        }
    }
}
