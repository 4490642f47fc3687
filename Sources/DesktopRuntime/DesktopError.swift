/// Error of the desktop runtime; the HTTP layer maps `code` to upstream's status and error type.
public struct DesktopError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers. Names match upstream's error types.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not Linux (501).
        public static let unsupportedPlatform = Code("desktop_unsupported_platform")
        /// Xvfb or the window manager is not installed (503).
        public static let dependenciesMissing = Code("desktop_dependencies_missing")
        /// The desktop is not started (409).
        public static let runtimeInactive = Code("desktop_runtime_inactive")
        /// The desktop is starting or stopping (409).
        public static let runtimeStarting = Code("desktop_runtime_starting")
        /// The desktop failed to start or broke (503).
        public static let runtimeFailed = Code("desktop_runtime_failed")
        /// A request parameter is invalid (400); `field` names it.
        public static let invalidAction = Code("desktop_invalid_action")
        /// Capturing or encoding a screenshot failed (502).
        public static let screenshotFailed = Code("desktop_screenshot_failed")
        /// The X server refused an input or window request (502).
        public static let inputFailed = Code("desktop_input_failed")
        /// No such window or application (404).
        public static let notFound = Code("not_found")
        /// The request conflicts with the current state, e.g. a recording already active (409).
        public static let conflict = Code("conflict")
        /// A program the request needs is not installed; the error names it and the install command (409).
        public static let installRequired = Code("install_required")
        /// Reading or writing a selection failed (500).
        public static let clipboardFailed = Code("desktop_clipboard_failed")
    }

    public var code: Code
    public var message: String
    /// The request field at fault, for `invalidAction`.
    public var field: String?
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
        DesktopError(.invalidAction, "\(field) \(rule)", field: field)
    }

    public var description: String { "\(code): \(message)" }
}
