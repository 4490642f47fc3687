import ArgumentParser
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api desktop …`: the desktop from the command line.
struct APIDesktopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desktop",
        abstract: "Start, inspect and drive the server's desktop.",
        discussion: """
            Examples:
              sandbox-agent api desktop start --width 1280 --height 800
              sandbox-agent api desktop screenshot --out screen.png
              sandbox-agent api desktop click 640 400 --count 2
              sandbox-agent api desktop type 'hello world'
              sandbox-agent api desktop key ctrl+l
            """,
        subcommands: [Status.self, Start.self, Stop.self, Screenshot.self, Click.self, TypeText.self, Key.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the desktop's state, display and processes.")
        @OptionGroup var options: APIOptions
        func run() async throws {
            try await options.withClient { client in try printStatus(try await client.desktopStatus(), options) }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start Xvfb and openbox (idempotent).")
        @OptionGroup var options: APIOptions
        @Option(help: "Screen width (default 1440).") var width: Int?
        @Option(help: "Screen height (default 900).") var height: Int?
        @Option(help: "Dots per inch (default 96).") var dpi: Int?
        func run() async throws {
            try await options.withClient { client in
                try printStatus(try await client.startDesktop(DesktopStartRequest(width: width, height: height, dpi: dpi)), options)
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the desktop and the applications on it.")
        @OptionGroup var options: APIOptions
        func run() async throws {
            try await options.withClient { client in try printStatus(try await client.stopDesktop(), options) }
        }
    }

    struct Screenshot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save a screenshot to a file and print its geometry.")
        @OptionGroup var options: APIOptions
        @Option(name: .shortAndLong, help: "Output file (default: screenshot.<format>).") var out: String?
        @Option(help: "png, jpeg or webp (default png).") var format: String = "png"
        @Option(help: "1-100, jpeg and webp only.") var quality: Int?
        @Option(help: "0.1-1.0.") var scale: Double?
        @Flag(help: "Draw the cursor.") var showCursor = false
        func run() async throws {
            try await options.withClient { client in
                let shot = try await client.desktopScreenshot([
                    "format": format, "quality": quality.map(String.init), "scale": scale.map { "\($0)" },
                    "showCursor": showCursor ? "true" : nil,
                ])
                let path = out ?? "screenshot.\(format)"
                try shot.data.write(to: URL(fileURLWithPath: path))
                let geometry = shot.geometry
                Swift.print(
                    "\(path): \(shot.data.count) bytes, image \(geometry["x-image-width"] ?? "?")x\(geometry["x-image-height"] ?? "?") of screen "
                        + "\(geometry["x-screen-width"] ?? "?")x\(geometry["x-screen-height"] ?? "?") (scale \(geometry["x-scale-x"] ?? "?"))")
            }
        }
    }

    struct Click: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Click at screen coordinates.")
        @OptionGroup var options: APIOptions
        @Argument var x: Int
        @Argument var y: Int
        @Option(help: "left (the default), middle, right, back, forward, wheelUp, wheelDown, wheelLeft or wheelRight.", transform: Click.button)
        var button: MouseButton = .left
        @Option(help: "1, 2 (double) or 3 (triple).") var count: Int = 1
        func run() async throws {
            try await options.withClient { client in
                let position = try await client.click(MouseClickRequest(x: x, y: y, button: button, clickCount: count))
                try options.print(position, text: "pointer at \(position.x),\(position.y)")
            }
        }

        private static func button(_ name: String) throws -> MouseButton {
            guard let button = MouseButton(rawValue: name) else {
                throw ValidationError("--button must be one of \(MouseButton.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return button
        }
    }

    struct TypeText: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "type", abstract: "Type text (any Unicode).")
        @OptionGroup var options: APIOptions
        @Argument var text: String
        @Option(help: "Pause between characters in ms (default 0).") var delayMs: Int?
        func run() async throws {
            try await options.withClient { client in
                try options.print(try await client.typeText(KeyboardTypeRequest(text: text, delayMs: delayMs)), text: "typed \(text.count) characters")
            }
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Press a key or chord (Return, ctrl+shift+t, pagedown, …).")
        @OptionGroup var options: APIOptions
        @Argument var key: String
        func run() async throws {
            try await options.withClient { client in
                try options.print(try await client.pressKey(KeyboardPressRequest(key: key)), text: "pressed \(key)")
            }
        }
    }
}

/// Prints a status answer: state, display and resolution, processes, missing programs.
private func printStatus(_ status: DesktopStatus, _ options: APIOptions) throws {
    var lines = ["state: \(status.state)"]
    if let display = status.display {
        lines.append("display: \(display) \(status.resolution?.width ?? 0)x\(status.resolution?.height ?? 0)")
    }
    for process in status.processes {
        lines.append("process: \(process.name) pid \(process.pid ?? 0) \(process.running ? "running" : "exited")")
    }
    if !status.missingDependencies.isEmpty {
        lines.append("missing: \(status.missingDependencies.joined(separator: ", ")) — run: \(status.installCommand ?? "")")
    }
    if let error = status.lastError?.message { lines.append("last error: \(error)") }
    try options.print(status, text: lines.joined(separator: "\n"))
}
