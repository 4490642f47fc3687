/// Error of the desktop runtime; the HTTP layer maps `code` to upstream's status and error type.
public struct DesktopError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers. Names match upstream's error types.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// Every code, so that switches over them inside the package are exhaustive (a new code
        /// fails to compile where it is not handled, instead of falling into a `default`).
        package enum Base: String, Sendable, CaseIterable {
            case unsupportedPlatform = "desktop_unsupported_platform"
            case dependenciesMissing = "desktop_dependencies_missing"
            case runtimeInactive = "desktop_runtime_inactive"
            case runtimeStarting = "desktop_runtime_starting"
            case runtimeFailed = "desktop_runtime_failed"
            case invalidAction = "desktop_invalid_action"
            case screenshotFailed = "desktop_screenshot_failed"
            case inputFailed = "desktop_input_failed"
            case notFound = "not_found"
            case conflict = "conflict"
            case installRequired = "install_required"
            case clipboardFailed = "desktop_clipboard_failed"
        }

        /// Which code this is.
        package let base: Base
        private init(_ base: Base) { self.base = base }
        /// The snake_case identifier, e.g. `not_found`.
        public var description: String { base.rawValue }

        /// Not Linux (501).
        public static let unsupportedPlatform = Code(.unsupportedPlatform)
        /// Xvfb or the window manager is not installed (503).
        public static let dependenciesMissing = Code(.dependenciesMissing)
        /// The desktop is not started (409).
        public static let runtimeInactive = Code(.runtimeInactive)
        /// The desktop is starting or stopping (409).
        public static let runtimeStarting = Code(.runtimeStarting)
        /// The desktop failed to start or broke (503).
        public static let runtimeFailed = Code(.runtimeFailed)
        /// A request parameter is invalid (400); `field` names it.
        public static let invalidAction = Code(.invalidAction)
        /// Capturing or encoding a screenshot failed (502).
        public static let screenshotFailed = Code(.screenshotFailed)
        /// The X server refused an input or window request (502).
        public static let inputFailed = Code(.inputFailed)
        /// No such window or application (404).
        public static let notFound = Code(.notFound)
        /// The request conflicts with the current state, e.g. a recording already active (409).
        public static let conflict = Code(.conflict)
        /// A program the request needs is not installed; the error names it and the install command (409).
        public static let installRequired = Code(.installRequired)
        /// Reading or writing a selection failed (500).
        public static let clipboardFailed = Code(.clipboardFailed)
    }

    public var code: Code
    public var message: String
    /// The request field at fault, for `invalidAction`.
    public var field: String?
    /// The rule `field` breaks, for ``invalid(_:_:)`` (the message is the field and the rule).
    public var rule: String?
    /// Missing programs, for `dependenciesMissing`.
    public var missingDependencies: [String]
    /// The command that installs them.
    public var installCommand: String?
    /// The X protocol error code behind an X failure.
    public var xErrorCode: Int?

    public init(
        _ code: Code, _ message: String, field: String? = nil, missingDependencies: [String] = [],
        installCommand: String? = nil, xErrorCode: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.missingDependencies = missingDependencies
        self.installCommand = installCommand
        self.xErrorCode = xErrorCode
    }

    /// 400 naming the field and the rule it breaks.
    public static func invalid(_ field: String, _ rule: String) -> DesktopError {
        var error = DesktopError(.invalidAction, "\(field) \(rule)", field: field)
        error.rule = rule
        return error
    }

    public var description: String { "\(code): \(message)" }
}
