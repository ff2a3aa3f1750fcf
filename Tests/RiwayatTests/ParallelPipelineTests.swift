import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import Projections

@Suite("Parallel pipeline")
struct ParallelPipelineTests {
    struct Stop: Error {}

    @Test func everyBatchIsTransformedAndConsumedOnce() throws {
        let consumed = NIOLockedValueBox([Int]())
        let pipeline = ParallelPipeline<[Int], [Int]>(
            workers: 3, capacity: 2, name: "test",
            transform: { $0.map { $0 * 2 } },
            consume: { batch in consumed.withLockedValue { $0 += batch } })
        for start in stride(from: 0, to: 10_000, by: 100) { try pipeline.submit(Array(start..<start + 100)) }
        try pipeline.finish()
        #expect(consumed.withLockedValue { $0.sorted() } == (0..<10_000).map { $0 * 2 })
    }

    @Test func aConsumerFailureStopsTheProducerWithThatError() throws {
        let pipeline = ParallelPipeline<Int, Int>(
            workers: 2, capacity: 1, name: "test", transform: { $0 },
            consume: { value in if value == 5 { throw Stop() } })
        // The producer gets the error from a later submit or from finish, never hangs.
        #expect(throws: Stop.self) {
            for value in 0..<10_000 { try pipeline.submit(value) }
            try pipeline.finish()
        }
    }
}
