import Metrics
import NIOConcurrencyHelpers

/// Whether the daemon still trusts its log: set broken by the tree service's checks (a new event
/// whose hash or link does not match, a stored tree or a signed checkpoint the events no longer
/// give). A break turns `/readyz` not ready, sets `riwayat_log_integrity` to 0 and marks every
/// answer with `Riwayat-Integrity: broken`; reads keep working.
public final class LogIntegrity: Sendable {
    /// What broke, where.
    public struct Break: Sendable, Hashable {
        public var position: Int64
        public var kind: String
        public var detail: String
    }

    private let state = NIOLockedValueBox<Break?>(nil)
    private let gauge = Gauge(label: "riwayat_log_integrity")

    public init() {
        gauge.record(1)
    }

    public var broken: Break? { state.withLockedValue { $0 } }

    /// Records the first break (later ones are the same doubt).
    func report(_ found: Break) {
        state.withLockedValue { current in if current == nil { current = found } }
        gauge.record(0)
    }
}
