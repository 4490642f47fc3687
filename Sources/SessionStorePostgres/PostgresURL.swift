import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL database is and how to reach it, from a libpq-style URL:
/// `postgres://user:pass@host:port/db?sslmode=disable|prefer|require|verify-ca|verify-full`.
///
/// `sslmode` means what it means to libpq: `prefer` (the default) and `require` encrypt without
/// checking the certificate, `verify-ca` checks it against the system's CAs, `verify-full` also
/// checks the host name. `application_name` and `connect_timeout` (seconds) are honoured too.
public struct PostgresURL: Sendable, Equatable {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    public var applicationName: String
    public var connectTimeoutSeconds: Int

    /// Parses `text`; throws `PostgresStoreError.badURL` saying what is wrong.
    public init(_ text: String) throws(PostgresStoreError) {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"), let components = URLComponents(string: text) else {
            throw .badURL("expected postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE")
        }
        guard let host = components.host, !host.isEmpty else { throw .badURL("the URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw .badURL("the URL names no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw .badURL("the URL names no database (…/DATABASE)") }
        if let port = components.port, !(1...65535).contains(port) { throw .badURL("port \(port) is out of range") }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = .prefer
        self.applicationName = "sandbox-agent"
        self.connectTimeoutSeconds = 10
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw .badURL("sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
                }
                sslMode = mode
            case "application_name": applicationName = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else { throw .badURL("connect_timeout must be a positive number of seconds") }
                connectTimeoutSeconds = seconds
            default: throw .badURL("unknown parameter '\(item.name)' (known: sslmode, application_name, connect_timeout)")
            }
        }
    }

    /// The URL without its password, for logs and messages.
    public var redacted: String { "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)" }

    /// The TLS settings `sslMode` asks for, or nil for `disable`.
    var tlsConfiguration: TLSConfiguration? {
        guard sslMode != .disable else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        return tls
    }

    /// Settings of the connection pool (`maximumConnections` connections at most).
    func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch (sslMode, tlsConfiguration) {
        case (.prefer, let configuration?): tls = .prefer(configuration)
        case (_, let configuration?): tls = .require(configuration)
        case (_, nil): tls = .disable
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(connectTimeoutSeconds)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }

    /// Settings of one connection outside the pool (migrations, LISTEN).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch (sslMode, tlsConfiguration) {
        case (.prefer, let configuration?): tls = .prefer(try NIOSSLContext(configuration: configuration))
        case (_, let configuration?): tls = .require(try NIOSSLContext(configuration: configuration))
        case (_, nil): tls = .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(Int64(connectTimeoutSeconds))
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }
}
