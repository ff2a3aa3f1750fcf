import ArgumentParser
import EmbeddedPostgres
import EventStore
import Foundation
import Logging
import MemoryAllocator
import PostgresClient
import SchemaMigrations

#if canImport(Glibc)
import Glibc
#endif

/// Throughput and latency figures.
struct Measurement {
    var operations: Int
    var seconds: Double
    var latencies: [Double] = []

    var perSecond: Double { Double(operations) / seconds }

    /// The measurement with the median rate.
    static func median(_ measurements: [Measurement]) -> Measurement {
        let sorted = measurements.sorted { $0.perSecond < $1.perSecond }
        return sorted.isEmpty ? Measurement(operations: 0, seconds: 1) : sorted[sorted.count / 2]
    }

    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let sorted = latencies.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
