import EventStore
import Foundation
import Testing

@Suite("Event ids: time-ordered UUIDv7")
struct EventIDTests {
    /// The 16 bytes of `id`, most significant first.
    func bytes(_ id: UUID) -> [UInt8] {
        withUnsafeBytes(of: id.uuid) { Array($0) }
    }

    @Test func mintedIdsAreVersion7WithTheRFCVariantAndTheCurrentTime() {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let id = EventID.next()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let b = bytes(id)
        #expect(b[6] >> 4 == 7)
        #expect(b[8] >> 6 == 0b10)
        let millisecond = b[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        // The clock may run a millisecond ahead after a burst of ids; never behind.
        #expect(millisecond >= before && millisecond <= after + 1)
    }

    @Test func idsMintedLaterSortAfterEarlierOnesEvenWithinOneMillisecond() {
        let ids = (0..<20_000).map { _ in EventID.next() }
        let ordered = zip(ids, ids.dropFirst()).allSatisfy { bytes($0.0).lexicographicallyPrecedes(bytes($0.1)) }
        #expect(ordered)
        #expect(Set(ids).count == ids.count)
    }

    @Test func idsFromManyThreadsAreDistinct() async {
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<8 { group.addTask { (0..<2_000).map { _ in EventID.next() } } }
            return await group.reduce(into: [UUID]()) { $0 += $1 }
        }
        #expect(Set(ids).count == 16_000)
    }

    @Test func newEventsGetTimeOrderedIdsByDefault() {
        let first = NewEvent(type: "Hired", payload: .init(text: "{}"))
        let second = NewEvent(type: "Hired", payload: .init(text: "{}"))
        #expect(bytes(first.id)[6] >> 4 == 7)
        #expect(bytes(first.id).lexicographicallyPrecedes(bytes(second.id)))
    }
}
