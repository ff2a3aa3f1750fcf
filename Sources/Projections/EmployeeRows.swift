import CareerDomain
import Foundation

/// Every read-model row of one employee, computed from that employee's records alone. The
/// projections are pure functions of each stream, so applying events one by one and rebuilding
/// from scratch give the same rows.
public struct EmployeeRows: Sendable, Hashable {
    /// `employee_current`.
    public struct Current: Sendable, Hashable {
        public var nip: String, sex: String, birthDate: CivilDate, status: String, inService: Bool
        public var grade: String?, gradeSince: CivilDate?, postTitle: String?, postKind: String?, functionalLevel: String?
        public var unit: String?, agency: String?, education: String?, serviceStart: CivilDate?, serviceYears: Int
        public var lastPredikat: String?, talentBox: Int?, trainingHoursThisYear: Int, retirementDate: CivilDate
        public var openFindings: Int, lastPosition: Int64
    }

    /// `employee_periods`: one validity interval.
    public struct Period: Sendable, Hashable {
        public var start: CivilDate, end: CivilDate?
        public var status: String, inService: Bool, grade: String?, postTitle: String?, postKind: String?
        public var functionalLevel: String?, unit: String?, agency: String?, education: String?
    }

    /// `grade_periods`.
    public struct GradePeriod: Sendable, Hashable {
        public var grade: String, start: CivilDate, end: CivilDate?, unit: String?, agency: String?, endedBy: String?
    }

    /// `findings`: where the event took effect (`unit`, `agency`), where the employee is today,
    /// and the TMT, decree and recorder of the event behind it.
    public struct FindingRow: Sendable, Hashable {
        public var ruleID: String, severity: String, message: String, eventIDs: [UUID], state: String, unit: String?
        public var agency: String?, currentUnit: String?, currentAgency: String?, effectiveDate: CivilDate?
        public var decreeNumber: String?, decreeDate: CivilDate?, recordedBy: String?, operatorName: String?, recordedAt: Int64?

        init(_ finding: Finding, state: String, current: OrgUnit?) {
            ruleID = finding.ruleID
            severity = finding.severity.rawValue
            message = finding.message
            eventIDs = finding.eventIDs
            self.state = state
            unit = finding.org?.unit
            agency = finding.org?.agency
            currentUnit = current?.unit
            currentAgency = current?.agency
            effectiveDate = finding.effectiveDate
            decreeNumber = finding.decree?.number
            decreeDate = finding.decree?.date
            recordedBy = finding.recordedBy
            operatorName = finding.operatorName
            recordedAt = finding.recordedAt
        }
    }

    /// `penalty_periods`: a penalty in force from `start` through `end`.
    public struct Penalty: Sendable, Hashable {
        public var level: String, start: CivilDate, end: CivilDate
    }

    /// `career_flows`.
    public struct Flow: Sendable, Hashable {
        public var day: CivilDate, flow: String, detail: String?, unit: String?, agency: String?
    }

    public var nip: NIP
    public var current: Current?
    public var periods: [Period] = []
    public var gradePeriods: [GradePeriod] = []
    public var findings: [FindingRow] = []
    public var trainingYears: [Int: Int] = [:]
    public var ratingYears: [Int: String] = [:]
    public var flows: [Flow] = []
    public var penalties: [Penalty] = []
    public var merit = Merit()

    /// Computes the rows from one employee's records (as stored: positions and times set), in
    /// one fold of the resolved history: the intervals, the flows, the policy findings (each
    /// record judged against the state just before it, as `PolicyRules.findings` does) and the
    /// state as of `today` (the fold's state before the first record after `today`).
    /// `merit`: also the merit system's rows.
    public init(nip: NIP, records: [CareerRecord], today: CivilDate, rules: [any PolicyRule] = PolicyRules.all, merit: Bool = true) {
        self.nip = nip
        let withMerit = merit
        let resolved = CareerFold.resolve(records)
        var state = EmployeeState(nip: nip, asOf: CivilDate(dayNumber: 0))
        var stateToday: EmployeeState?
        var openFindings = [Finding]()
        var open: Period?
        var gradeOpen: GradePeriod?
        let knownSince = Merit.correctionTimes(records)
        var index = 0
        while index < resolved.count {
            let day = resolved[index].effectiveDate
            if stateToday == nil, day > today {
                stateToday = state
                stateToday?.asOf = today
            }
            let orgBefore = state.org
            while index < resolved.count, resolved[index].effectiveDate == day {
                let record = resolved[index]
                state.asOf = day
                let first = openFindings.count
                PolicyRules.evaluate(record, before: state, rules: rules, into: &openFindings)
                let gradeBefore = state.grade
                let talentBefore = state.talentBox, postBefore = state.definitivePost
                CareerFold.apply(record, to: &state)
                if withMerit {
                    self.merit.note(record, talentBefore: talentBefore, postBefore: postBefore, after: state, knownSince: knownSince)
                }
                // Filed where the event took effect (a transfer's or an assignment's destination).
                for found in first..<openFindings.count { openFindings[found].org = state.org }
                let unit = state.org?.unit, agency = state.org?.agency
                switch record.event {
                case .cpnsAppointed: flows.append(Flow(day: day, flow: "hire", detail: state.grade?.code, unit: unit, agency: agency))
                case .gradePromoted(let promotion):
                    flows.append(Flow(day: day, flow: "promotion", detail: promotion.to.code, unit: unit, agency: agency))
                case .separated(let separation):
                    flows.append(Flow(day: day, flow: "separation", detail: separation.reason.rawValue, unit: unit, agency: agency))
                default: break
                }
                if state.grade != gradeBefore, let grade = state.grade {
                    if var previous = gradeOpen {
                        previous.end = day
                        previous.endedBy = grade.code
                        gradePeriods.append(previous)
                    }
                    gradeOpen = GradePeriod(grade: grade.code, start: day, end: nil, unit: unit, agency: agency, endedBy: nil)
                }
                index += 1
            }
            if let before = orgBefore, let after = state.org, before != after {
                flows.append(Flow(day: day, flow: "transfer-out", detail: after.description, unit: before.unit, agency: before.agency))
                flows.append(Flow(day: day, flow: "transfer-in", detail: before.description, unit: after.unit, agency: after.agency))
            }
            guard state.status != .notAppointed else { continue }
            let period = Self.period(of: state, from: day)
            if var previous = open {
                if Self.sameDimensions(previous, period) { continue }
                previous.end = day
                periods.append(previous)
            }
            open = period
        }
        if let open { periods.append(open) }
        if let gradeOpen { gradePeriods.append(gradeOpen) }
        for index in self.merit.mentorships.indices {
            let start = self.merit.mentorships[index].period.start
            guard let held = gradePeriods.first(where: { $0.start <= start && ($0.end.map { start < $0 } ?? true) }),
                let end = held.end, held.endedBy != nil
            else { continue }
            self.merit.mentorships[index].gradeDays = end.dayNumber - held.start.dayNumber
        }

        var now = stateToday ?? state
        now.asOf = today
        // Every penalty of the whole history not annulled, whenever it is in force.
        penalties = state.disciplines.values
            .map { Penalty(level: $0.level.rawValue, start: $0.period.start, end: $0.period.end) }
            .sorted { ($0.start, $0.end, $0.level) < ($1.start, $1.end, $1.level) }
        trainingYears = now.trainingHours
        ratingYears = now.ratings.mapValues(\.rawValue)
        findings = Self.findings(
            records: records, open: openFindings + PolicyRules.standing(now, today: today), nip: nip, current: now.org, rules: rules)
        // A finding is known once every event behind it is recorded (an earlier salary increase
        // recorded late makes a later one too soon only from then on).
        let recorded =
            findings.contains { $0.eventIDs.count > 1 }
            ? Dictionary(records.compactMap { record in record.recordedAt.map { (record.id, $0) } }, uniquingKeysWith: max) : [:]
        for index in findings.indices where findings[index].eventIDs.count > 1 {
            let times = findings[index].eventIDs.compactMap { recorded[$0] }
            if let latest = times.max(), latest > (findings[index].recordedAt ?? .min) { findings[index].recordedAt = latest }
        }
        guard now.status != .notAppointed || !records.isEmpty else { return }
        current = Current(
            nip: nip.digits, sex: nip.sex == .female ? "F" : "M", birthDate: nip.birthDate, status: now.status.description,
            inService: now.status.inService, grade: now.grade?.code, gradeSince: now.gradeSince,
            postTitle: now.definitivePost?.title, postKind: now.definitivePost?.kind.rawValue,
            functionalLevel: now.definitivePost?.level?.rawValue, unit: now.org?.unit, agency: now.org?.agency,
            education: now.education?.rawValue, serviceStart: now.serviceStart, serviceYears: now.serviceYears,
            lastPredikat: now.lastRatings(1).first?.rawValue, talentBox: now.talentBox?.number,
            trainingHoursThisYear: now.trainingHours(in: today.year), retirementDate: now.retirementDate,
            openFindings: findings.filter { $0.state == "open" }.count,
            lastPosition: records.compactMap(\.position).max() ?? 0)
    }

    static func period(of state: EmployeeState, from day: CivilDate) -> Period {
        Period(
            start: day, end: nil, status: state.status.description, inService: state.status.inService, grade: state.grade?.code,
            postTitle: state.definitivePost?.title, postKind: state.definitivePost?.kind.rawValue,
            functionalLevel: state.definitivePost?.level?.rawValue, unit: state.org?.unit, agency: state.org?.agency,
            education: state.education?.rawValue)
    }

    static func sameDimensions(_ a: Period, _ b: Period) -> Bool {
        var aligned = a
        aligned.start = b.start
        aligned.end = b.end
        return aligned == b
    }

    /// Findings of the corrected history are open; those that only the uncorrected history
    /// shows were explained by a later correction or rescission.
    static func findings(records: [CareerRecord], open: [Finding], nip: NIP, current: OrgUnit?, rules: [any PolicyRule]) -> [FindingRow] {
        var rows = open.map { FindingRow($0, state: "open", current: current) }
        func amends(_ record: CareerRecord) -> Bool {
            switch record.event {
            case .corrected, .rescinded: return true
            default: return false
            }
        }
        // Without corrections or rescissions the two histories are the same.
        guard records.contains(where: amends) else { return rows }
        let unamended = records.filter { !amends($0) }
        struct Key: Hashable { var ruleID: String, eventIDs: [UUID] }
        let openKeys = Set(open.map { Key(ruleID: $0.ruleID, eventIDs: $0.eventIDs) })
        for finding in PolicyRules.findings(for: unamended, nip: nip, rules: rules)
        where !openKeys.contains(Key(ruleID: finding.ruleID, eventIDs: finding.eventIDs)) {
            rows.append(FindingRow(finding, state: "explained", current: current))
        }
        return rows
    }
}
