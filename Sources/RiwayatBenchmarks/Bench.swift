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

/// `riwayat-bench`: benchmarks that report a ratio against a baseline measured in the same run.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riwayat-bench", abstract: "Riwayat benchmarks (each against a same-run baseline).",
        subcommands: [
            StoreBenchmark.self, CareerBenchmark.self, ProjectionBenchmark.self, TreeBenchmark.self, MeritBenchmark.self,
            NationalBenchmark.self,
        ],
        defaultSubcommand: StoreBenchmark.self)

    /// The machine as the reports' headings name it: cores and the allocator serving `malloc`.
    static var machine: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return "\(cores) cores, jemalloc \(MemoryAllocator.version.map { String($0.prefix { $0 != "-" }) } ?? "not linked")"
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func format(_ value: Double, _ digits: Int = 0) -> String {
    String(format: "%.\(digits)f", value)
}
