import Foundation
import Glibc

/// Time conversions for file metadata.
enum Timestamp {
    /// `time` as RFC 3339 in UTC with milliseconds, e.g. `2026-11-26T19:40:02.123Z`.
    static func rfc3339(_ time: timespec) -> String? {
        var seconds = time.tv_sec
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return nil }
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, Int32(time.tv_nsec / 1_000_000)
        )
    }

    /// Access and modification times both set to `seconds` since the epoch, for utimensat(2) and futimens(2).
    static func accessAndModification(_ seconds: Int) -> [timespec] {
        let time = timespec(tv_sec: seconds, tv_nsec: 0)
        return [time, time]
    }
}
