import CJemalloc

/// The executables' memory allocator: jemalloc (Debian `libjemalloc-dev`), linked in place of
/// glibc's malloc.
///
/// A bulk import allocates lines, records and rows on every core and frees them on the load's
/// thread; glibc's malloc spent about a fifth of the importing process's CPU consolidating and
/// unlinking such chunks (perf); with jemalloc that work mostly goes away. Measured on
/// a million-event import: 8.9-9.0 s of the process's CPU with glibc, 6.7-7.4 s with jemalloc.
public enum MemoryAllocator {
    /// jemalloc's version string (`5.3.0-0-g…`).
    public static var version: String? {
        var text: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &text, &size, nil, 0) == 0, let text else { return nil }
        return String(cString: text)
    }

    /// Bytes the calling thread has had from `malloc` so far, as jemalloc counts them: it grows
    /// only when jemalloc is the allocator that serves `malloc` (a test checks it does).
    public static var bytesAllocatedByThisThread: UInt64? {
        var bytes: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        guard mallctl("thread.allocated", &bytes, &size, nil, 0) == 0 else { return nil }
        return bytes
    }

    /// Hands memory freed after a one-off bulk step (loading the sample workforce, rebuilding
    /// read models) back to the system now, instead of after jemalloc's decay time, so the
    /// daemon's resident size reflects what it serves. Returns whether jemalloc did it.
    @discardableResult
    public static func releaseFreeMemory() -> Bool {
        // "arena.<i>.purge" with i = MALLCTL_ARENAS_ALL (4096): every arena.
        mallctl("arena.4096.purge", nil, nil, nil, 0) == 0
    }
}
