import NIOCore
import Testing

@testable import QueryDaemon

/// The answer cache and the follower's view of the log, without a database.
@Suite("Query daemon: cache rules")
struct ResponseCacheTests {
    static func entry(_ basis: ResponseCache.Basis, bytes: Int = 10) -> ResponseCache.Entry {
        .init(basis: basis, stored: .now, body: ByteBuffer(repeating: 0x41, count: bytes), contentType: "application/json")
    }

    @Test func nothingIsServedWhileTheFollowerIsNotCurrent() {
        let heads = StreamHeads(maxSilence: .seconds(60))
        let cache = ResponseCache()
        cache.store("a", Self.entry(.stream("198001012005011001", lastPosition: 5)))
        #expect(heads.current == nil)
        #expect(cache.lookup("a", heads: heads) == nil)
        heads.read(through: 7)
        #expect(heads.current == 7)
        #expect(cache.lookup("a", heads: heads)?.body.readableBytes == 10)
        heads.stopped()
        #expect(cache.lookup("a", heads: heads) == nil)
    }

    @Test func aStreamAnswerDiesWithTheStreamsNextEventAndOnlyThatStreams() {
        let heads = StreamHeads(maxSilence: .seconds(60))
        heads.read(through: 10)
        let cache = ResponseCache()
        cache.store("a", Self.entry(.stream("A", lastPosition: 5)))
        cache.store("b", Self.entry(.stream("B", lastPosition: 6)))
        heads.changed(["A": 11], through: 11)
        #expect(cache.lookup("a", heads: heads) == nil)
        #expect(cache.lookup("b", heads: heads) != nil)
        heads.appended(to: "B", lastPosition: 12)
        #expect(cache.lookup("b", heads: heads) == nil)
        // An append is not a sign of life from the follower.
        let silent = StreamHeads(maxSilence: .seconds(60))
        silent.appended(to: "B", lastPosition: 12)
        #expect(silent.current == nil)
    }

    @Test func aReportAnswerHoldsOnlyAtItsLogPosition() {
        let heads = StreamHeads(maxSilence: .seconds(60))
        heads.read(through: 20)
        let cache = ResponseCache()
        cache.store("r", Self.entry(.log(through: 20)))
        cache.store("stale", Self.entry(.log(through: 19)))
        #expect(cache.lookup("r", heads: heads) != nil)
        #expect(cache.lookup("stale", heads: heads) == nil)
        heads.changed(["A": 21], through: 21)
        #expect(cache.lookup("r", heads: heads) == nil)
        let aged = ResponseCache(maxReportAge: .zero)
        aged.store("r", Self.entry(.log(through: 21)))
        #expect(aged.lookup("r", heads: heads) == nil)
    }

    @Test func theCacheStaysWithinItsByteBudgetAndKeepsWhatIsUsed() {
        let heads = StreamHeads(maxSilence: .seconds(60))
        heads.read(through: 1)
        let cache = ResponseCache(budget: 16_000)
        cache.store("hot", Self.entry(.stream("S", lastPosition: 1), bytes: 500))
        for index in 0..<200 {
            cache.store("cold\(index)", Self.entry(.stream("S", lastPosition: 1), bytes: 500))
            #expect(cache.lookup("hot", heads: heads) != nil)
            #expect(cache.size.bytes <= 16_000)
        }
        #expect(cache.lookup("cold0", heads: heads) == nil)
        // Too big for the budget: not kept at all.
        cache.store("huge", Self.entry(.stream("S", lastPosition: 1), bytes: 5_000))
        #expect(cache.lookup("huge", heads: heads) == nil)
    }
}
