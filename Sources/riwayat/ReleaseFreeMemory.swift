#if canImport(Glibc)
import Glibc
#endif

/// Hands memory freed after a one-off bulk step (loading the sample workforce) back to the
/// system, so the daemon's resident size reflects what it serves, not what it once loaded.
enum ReleaseFreeMemory {
    static func now() {
        #if canImport(Glibc)
        // glibc's malloc_trim (malloc.h is not part of the Glibc module); nil handle = RTLD_DEFAULT.
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }
}
