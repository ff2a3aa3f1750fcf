import EventStore

extension CareerImporter {
    /// The one batch being appended while the next is prepared; what it stored goes into the
    /// report when it is settled.
    struct BatchInFlight {
        private var running: Task<(appended: Int, present: Int), any Error>?

        /// Starts appending a batch; settle the one before first.
        mutating func start(_ append: @escaping @Sendable () async throws -> (appended: Int, present: Int)) {
            running = Task(operation: append)
        }

        /// Waits for the batch in flight, if any, adds what it stored to `report` and reports
        /// progress.
        mutating func settle(into report: inout Report, total: Int, progress: Progress?) async throws {
            guard let task = running else { return }
            running = nil
            let counts = try await task.value
            report.appended += counts.appended
            report.alreadyPresent += counts.present
            progress?(report.appended + report.alreadyPresent, total)
        }

        /// Lets the batch in flight finish, whatever its outcome (before an error goes up).
        func finish() async {
            _ = try? await running?.value
        }
    }
}
