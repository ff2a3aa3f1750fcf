import CareerDomain
import CareerLog
import EventStore
import Foundation

/// Time travel for one employee: the state on any effective date as known at any recorded time,
/// with the records that produced it, so an inspector can see why each field has its value.
public struct EmployeeTimeline: Sendable {
    public let log: CareerLog

    public init(log: CareerLog) {
        self.log = log
    }

    /// The answer: the state, the records it was folded from, and which record set each field.
    public struct Explained: Sendable {
        public var state: EmployeeState
        /// The records applied, in the order applied (corrections already resolved).
        public var applied: [CareerRecord]
        /// Field name → the record that last set it.
        public var fieldSources: [String: CareerRecord]
        /// The log position of the employee's last record: the answer holds until a later one.
        public var lastPosition: Int64
    }

    /// `nil` when the NIP has no records.
    public func state(of nip: NIP, asOf: CivilDate, knownAt: Int64? = nil) async throws -> Explained? {
        let records = try await log.history(of: nip)
        guard !records.isEmpty else { return nil }
        return Self.explain(records: records, nip: nip, asOf: asOf, knownAt: knownAt)
    }

    /// The same, from records already read.
    public static func explain(records: [CareerRecord], nip: NIP, asOf: CivilDate, knownAt: Int64?) -> Explained {
        let state = CareerFold.state(of: records, nip: nip, asOf: asOf, knownAt: knownAt)
        let resolved = Dictionary(
            CareerFold.resolve(records, knownAt: knownAt).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let applied = state.appliedEvents.compactMap { resolved[$0] }
        let sources = state.sources.compactMapValues { resolved[$0] }
        let lastPosition = records.lazy.compactMap(\.position).max() ?? 0
        return Explained(state: state, applied: applied, fieldSources: sources, lastPosition: lastPosition)
    }
}
