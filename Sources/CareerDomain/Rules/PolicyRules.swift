import Foundation

/// Every policy rule.
public enum PolicyRules {
    /// The rules with the default settings.
    public static let all: [any PolicyRule] = rules(PolicySettings())

    /// The rules with `settings`.
    public static func rules(_ settings: PolicySettings) -> [any PolicyRule] {
        [
            FourYearsInGrade(), EducationCeiling(), RatingsBeforePromotion(), GradeForPost(), PromotionWhileBlocked(),
            LateRecording(), BackdatedDecree(thresholdDays: settings.backdatedDecreeDays), SelfRecorded(), PromotionFromGradeHeld(),
            RegularPromotionOneStep(), TransferFromPlacement(), OneRatingPerYear(), SalaryIncreaseEveryTwoYears(),
            SuccessorFromTalentPool(),
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
