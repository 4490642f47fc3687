public import AsyncHTTPClient
public import NIOCore

/// The HTTP client installs use, with timeouts that make an unreachable source fail fast: a
/// refused connection fails at once, a connection (DNS included) must be up within `connectTimeout`, and a source that stops sending
/// for `readTimeout` is given up. Offline, an install fails in seconds instead of hanging on
/// the platform's DNS and TCP retries.
public enum InstallHTTP {
    /// DNS resolution plus TCP (and TLS) connect.
    public static let connectTimeout = TimeAmount.seconds(5)
    /// Longest silence while waiting for or reading a response.
    public static let readTimeout = TimeAmount.seconds(15)
    /// Longest whole request for registry metadata.
    static let requestTimeout = TimeAmount.seconds(60)

    /// Lives as long as the process (a static is never deinitialised, so it needs no shutdown).
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: connectTimeout, read: readTimeout)
        // An install is one request at a time to a source that is there or not: a refused or
        // unresolvable connection fails the request at once instead of being retried with
        // backoff until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// A transport failure in words: the timeouts by name, anything else as the error says.
    static func describe(_ original: any Error) -> String {
        let error = original as? HTTPClientError
        if error == .connectTimeout { return "no connection within \(connectTimeout.seconds) s" }
        if error == .readTimeout { return "no data for \(readTimeout.seconds) s" }
        if error == .deadlineExceeded { return "no complete answer in time" }
        return error.map { "\($0)" } ?? "\(original)"
    }
}

extension TimeAmount {
    /// Whole seconds, for messages.
    var seconds: Int64 { nanoseconds / 1_000_000_000 }
}
