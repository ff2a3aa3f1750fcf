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
    /// The TMT of the first event behind it.
    public var effectiveDate: CivilDate?
    /// The decree of the first event, who recorded it and when, and the clerk the client named.
    public var decree: Decree?
    public var recordedBy: String?
    public var operatorName: String?
    public var recordedAt: Int64?
    /// Where the event took effect (unit and agency), filled in by whoever folds the history.
    public var org: OrgUnit?

    public init(ruleID: String, nip: NIP, message: String, eventIDs: [UUID], severity: Severity) {
        self.ruleID = ruleID
        self.nip = nip
        self.message = message
        self.eventIDs = eventIDs
        self.severity = severity
    }

    /// The finding with the TMT, decree and recorder of `record`, the event behind it.
    public func about(_ record: CareerRecord) -> Finding {
        var finding = self
        finding.effectiveDate = record.effectiveDate
        finding.decree = record.decree
        finding.recordedBy = record.recordedBy
        finding.operatorName = record.operatorName
        finding.recordedAt = record.recordedAt
        return finding
    }

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
        Finding(ruleID: id, nip: record.nip, message: message, eventIDs: [record.id], severity: severity).about(record)
    }
}

/// What an operator may tune in the policy rules (a change needs a rebuild of the read models).
public struct PolicySettings: Sendable, Hashable {
    /// A decree signed more than this many days after its TMT is a finding (`P-BACKDATE`).
    public var backdatedDecreeDays = 90

    public init(backdatedDecreeDays: Int = 90) {
        self.backdatedDecreeDays = backdatedDecreeDays
    }

    /// The settings from the environment: `RIWAYAT_BACKDATED_DECREE_DAYS` (1 to 3650).
    public static func from(environment: [String: String]) -> PolicySettings {
        var settings = PolicySettings()
        if let text = environment["RIWAYAT_BACKDATED_DECREE_DAYS"], let days = Int(text), (1...3650).contains(days) {
            settings.backdatedDecreeDays = days
        }
        return settings
    }
}

/// Every policy rule.
public enum PolicyRules {
    /// The rules with the default settings.
    public static let all: [any PolicyRule] = rules(PolicySettings())

    /// The rules with `settings`.
    public static func rules(_ settings: PolicySettings) -> [any PolicyRule] {
        [
            FourYearsInGrade(), EducationCeiling(), RatingsBeforePromotion(), GradeForPost(), PromotionWhileBlocked(),
            LateRecording(), BackdatedDecree(thresholdDays: settings.backdatedDecreeDays), SelfRecorded(), PromotionFromGradeHeld(),
            RegularPromotionOneStep(), TransferFromPlacement(),
        ]
    }

    /// Findings about where an employee stands on `today` rather than about one event: service
    /// past the retirement age (BUP) with no separation recorded (`P-BUP`).
    public static func standing(_ state: EmployeeState, today: CivilDate) -> [Finding] {
        guard state.status.inService, state.serviceStart != nil, today >= state.retirementDate else { return [] }
        let source = state.sources["post"] ?? state.sources["serviceStart"]
        var finding = Finding(
            ruleID: "P-BUP", nip: state.nip,
            message:
                "in service on \(today), \(today.dayNumber - state.retirementDate.dayNumber) days past the retirement date "
                + "\(state.retirementDate) (BUP \(state.retirementAge)) with no separation or extension recorded",
            eventIDs: source.map { [$0] } ?? [], severity: .serious)
        finding.effectiveDate = state.retirementDate
        finding.org = state.org
        return [finding]
    }

    /// The findings of one employee's records (as known at `knownAt`). Corrections apply
    /// first, so a correction that fixes an event removes the finding it caused.
    public static func findings(for records: [CareerRecord], nip: NIP, knownAt: Int64? = nil, rules: [any PolicyRule] = all) -> [Finding] {
        findings(forResolved: CareerFold.resolve(records, knownAt: knownAt), nip: nip, rules: rules)
    }

    /// The findings of records already `CareerFold.resolve`d, each filed under the unit and
    /// agency where its event took effect.
    public static func findings(forResolved resolved: [CareerRecord], nip: NIP, rules: [any PolicyRule] = all) -> [Finding] {
        var state = EmployeeState(nip: nip, asOf: CivilDate(dayNumber: 0))
        var findings = [Finding]()
        for record in resolved {
            state.asOf = record.effectiveDate
            let first = findings.count
            evaluate(record, before: state, rules: rules, into: &findings)
            CareerFold.apply(record, to: &state)
            for index in first..<findings.count { findings[index].org = state.org }
        }
        return findings
    }

    /// Judges one resolved record against the state just before it (`state.asOf` its effective
    /// date), for callers that fold the records themselves and want the findings on the way.
    public static func evaluate(
        _ record: CareerRecord, before state: EmployeeState, rules: [any PolicyRule] = all, into findings: inout [Finding]
    ) {
        for rule in rules {
            if let finding = rule.evaluate(record, before: state) { findings.append(finding) }
        }
    }
}
