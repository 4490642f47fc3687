import CDesktopLibraries
import ProcessRuntime
import SandboxAgentAPI

/// The programs and shared libraries the desktop needs at run time, how to install them, and which
/// are missing.
///
/// The binary does not link Xlib, MIT-SHM, XTest, XFixes, DAMAGE, libdeflate, libjpeg or libwebp: it
/// loads them when the desktop starts (`CDesktopLibraries`), so it starts and serves everything else
/// on a system without them. The desktop also needs an X server and a window manager on PATH.
public enum DesktopDependencies {
    /// Programs that must be on PATH for `start`.
    public static let requiredPrograms = ["Xvfb", "openbox"]
    /// What `status` and errors tell the user to run.
    public static let installCommand = "sandbox-agent install desktop --yes"

    /// The required programs not found on `path`, then the shared libraries that do not load.
    public static func missing(path: String?) -> [String] {
        let programs = requiredPrograms.filter { program in
            (try? ExecutableLocator.locate(program, path: path, cwd: "/")) == nil
        }
        return programs + missingLibraries()
    }

    /// The desktop's shared libraries that cannot be loaded (sonames, with the missing function in
    /// parentheses for a library too old); empty once they all loaded, and they stay loaded.
    public static func missingLibraries() -> [String] {
        var buffer = [CChar](repeating: 0, count: 1024)
        guard sa_desktop_libraries_load(&buffer, buffer.count) != 0 else { return [] }
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return text.split(separator: "\n").map(String.init)
    }

    /// A package manager `install desktop` knows.
    public enum PackageManager: String, Sendable, CaseIterable {
        case apt, dnf, apk

        /// The packages for the X server, window manager, fonts, and the shared libraries we link.
        public func packages(fonts: Bool) -> [String] {
            let base: [String]
            let font: String
            switch self {
            case .apt:
                base = ["xvfb", "openbox", "xauth", "x11-xserver-utils", "xdg-utils", "libx11-6", "libxext6", "libxtst6", "libxfixes3", "libxdamage1", "libdeflate0", "libjpeg62-turbo", "libwebp7"]
                font = "fonts-dejavu-core"
            case .dnf:
                base = ["xorg-x11-server-Xvfb", "openbox", "xauth", "xrandr", "xdg-utils", "libX11", "libXext", "libXtst", "libXfixes", "libXdamage", "libdeflate", "libjpeg-turbo", "libwebp"]
                font = "dejavu-sans-fonts"
            case .apk:
                base = ["xvfb", "openbox", "xauth", "xrandr", "xdg-utils", "libx11", "libxext", "libxtst", "libxfixes", "libxdamage", "libdeflate", "libjpeg-turbo", "libwebp"]
                font = "ttf-dejavu"
            }
            return fonts ? base + [font] : base
        }

        /// The shell commands that install `packages`, with `sudo` when not root.
        public func commands(packages: [String], sudo: Bool) -> [[String]] {
            let prefix = sudo ? ["sudo"] : []
            switch self {
            case .apt:
                return [
                    prefix + ["apt-get", "update"],
                    prefix + ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "--no-install-recommends"] + packages,
                ]
            case .dnf:
                return [prefix + ["dnf", "install", "-y"] + packages]
            case .apk:
                return [prefix + ["apk", "add", "--no-cache"] + packages]
            }
        }

        /// The executable that identifies this manager.
        var executable: String {
            switch self {
            case .apt: "apt-get"
            case .dnf: "dnf"
            case .apk: "apk"
            }
        }

        /// The first manager found on `path`, in the order apt, dnf, apk.
        public static func detect(path: String?) -> PackageManager? {
            allCases.first { (try? ExecutableLocator.locate($0.executable, path: path, cwd: "/")) != nil }
        }
    }
}
