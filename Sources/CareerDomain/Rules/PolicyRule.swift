import Foundation

/// A regulation that an accepted event may break; breaking it yields a finding.
public protocol PolicyRule: Sendable {
    /// A short stable id such as `P-4Y`.
    var id: String { get }
    /// Judges `record` against the state just before it took effect.
    func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding?
}

extension PolicyRule {
    func finding(_ record: CareerRecord, _ message: String, _ severity: Finding.Severity = .warning) -> Finding {
        Finding(ruleID: id, nip: record.nip, message: message, eventIDs: [record.id], severity: severity).about(record)
    }
}
