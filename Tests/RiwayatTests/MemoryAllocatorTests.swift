import MemoryAllocator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The executables (and this test binary, which links the same modules) get `malloc` from
/// jemalloc, not glibc.
@Suite struct MemoryAllocatorTests {
    @Test func jemallocIsLinked() throws {
        let version = try #require(MemoryAllocator.version)
        #expect(version.first?.isNumber == true, "version \(version)")
    }

    @Test func mallocIsServedByJemalloc() throws {
        // Counted per thread: both readings and the allocation run on this thread, no suspension
        // point between them.
        let before = try #require(MemoryAllocator.bytesAllocatedByThisThread)
        let size = 4 << 20
        let block = try #require(malloc(size))
        memset(block, 1, size)
        let after = try #require(MemoryAllocator.bytesAllocatedByThisThread)
        free(block)
        #expect(after - before >= UInt64(size), "jemalloc counted \(after - before) bytes for a \(size)-byte malloc")
    }

    @Test func freedMemoryIsPurged() {
        #expect(MemoryAllocator.releaseFreeMemory())
    }
}
