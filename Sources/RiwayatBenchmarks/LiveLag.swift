import CareerDomain
import EventStore
import Projections

/// The live lag of the read models: the projection runner follows the log while single events
/// are appended, each timed until the projection's checkpoint passes it.
enum LiveLag {
    /// `samples` appends of a generated employee's first record (seeds from `seed` on).
    static func measure(projection: EmployeeProjection, store: EventStore, samples: Int, seed: UInt64) async throws -> Measurement {
        let runner = ProjectionRunner(projection: projection, batchSize: 1000)
        let following = Task { await runner.run() }
        var lags = [Double]()
        for sample in 0..<samples {
            let career = WorkforceGenerator(seed: seed + UInt64(sample), employees: 1).generate().first
            guard let record = career?.records.first else { continue }
            let started = ContinuousClock.now
            let result = try await store.append([try record.newEvent()], to: record.nip.digits)
            let target = result.positions.last ?? 0
            // Polls the checkpoint: the benchmark measures the runner, not a notification of it.
            while try await (projection.checkpoint()?.position ?? 0) < target {
                try await Task.sleep(for: .milliseconds(1))
            }
            lags.append(seconds(since: started))
        }
        following.cancel()
        await following.value
        return Measurement(operations: lags.count, seconds: lags.reduce(0, +), latencies: lags)
    }
}
