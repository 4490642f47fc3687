import CFileSystem
import Glibc

/// How a path is kept below the `--fs-root` directory while the kernel resolves it.
public enum BeneathResolution: Sendable {
    /// openat2(2) with `RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS` when the kernel offers it, else ``walk``.
    case automatic
    /// openat2(2) only (for tests); an operation fails if the kernel lacks it.
    case openat2
    /// One `openat(O_NOFOLLOW)` per component, symlinks read and followed by hand, never above the root.
    case walk

    /// What ``automatic`` stands for on this machine.
    var effective: BeneathResolution {
        guard case .automatic = self else { return self }
        return Self.kernelHasOpenat2 ? .openat2 : .walk
    }

    /// True if openat2(2) works here: not missing (ENOSYS) and not blocked by seccomp (EPERM).
    /// Probed once, on `.` of the working directory.
    static let kernelHasOpenat2: Bool = {
        let raw = sa_openat2(AT_FDCWD, ".", O_PATH | O_CLOEXEC, 0, UInt64(SA_RESOLVE_BENEATH))
        if raw >= 0 { close(raw) }
        return raw >= 0 || (errno != ENOSYS && errno != EPERM)
    }()
}

/// open(2) for a descriptor that only names a file (lookups, fstat, *at(2) calls), without reading rights.
let O_PATH = Int32(SA_O_PATH)
