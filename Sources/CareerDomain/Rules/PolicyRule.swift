import Foundation

/// A policy-rule finding for inspectors: the event was accepted, but breaks a rule.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable { case info, warning, serious }

    public var ruleID: String
    public var nip: NIP
    public var message: String
    /// The events that break the rule.
    public var eventIDs: [UUID]
    public var severity: Severity

    public var description: String { "[\(ruleID)] \(nip): \(message)" }
}

/// A regulation that an accepted event may break; breaking it yields a finding.
public protocol PolicyRule: Sendable {
    /// A short stable id such as `P-4Y`.
    var id: String { get }
    /// Judges `record` against the state just before it took effect.
    func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding?
}

extension PolicyRule {
    func finding(_ record: CareerRecord, _ message: String, _ severity: Finding.Severity = .warning) -> Finding {
        Finding(ruleID: id, nip: record.nip, message: message, eventIDs: [record.id], severity: severity)
    }
}

/// Every policy rule.
public enum PolicyRules {
    public static let all: [any PolicyRule] = [
        FourYearsInGrade(), EducationCeiling(), RatingsBeforePromotion(), GradeForPost(), PromotionWhileBlocked(),
        LateRecording(), SelfRecorded(), PromotionFromGradeHeld(), RegularPromotionOneStep(),
    ]

    /// The findings of one employee's records (as known at `knownAt`). Corrections apply
    /// first, so a correction that fixes an event removes the finding it caused.
    public static func findings(for records: [CareerRecord], nip: NIP, knownAt: Int64? = nil, rules: [any PolicyRule] = all) -> [Finding] {
        findings(forResolved: CareerFold.resolve(records, knownAt: knownAt), nip: nip, rules: rules)
    }

    /// The findings of records already `CareerFold.resolve`d.
    public static func findings(forResolved resolved: [CareerRecord], nip: NIP, rules: [any PolicyRule] = all) -> [Finding] {
        var state = EmployeeState(nip: nip, asOf: CivilDate(dayNumber: 0))
        var findings = [Finding]()
        for record in resolved {
            state.asOf = record.effectiveDate
            evaluate(record, before: state, rules: rules, into: &findings)
            CareerFold.apply(record, to: &state)
        }
        return findings
    }

    /// Judges one resolved record against the state just before it (`state.asOf` its effective
    /// date), for callers that fold the records themselves and want the findings on the way.
    public static func evaluate(_ record: CareerRecord, before state: EmployeeState, rules: [any PolicyRule] = all, into findings: inout [Finding]) {
        for rule in rules {
            if let finding = rule.evaluate(record, before: state) { findings.append(finding) }
        }
    }
}
