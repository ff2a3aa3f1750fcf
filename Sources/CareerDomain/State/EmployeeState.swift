import Foundation

/// One employee's state at a point in effective time, as known at a point in recorded time.
public struct EmployeeState: Sendable, Hashable {
    /// Where the employee stands.
    public enum Status: Sendable, Hashable, CustomStringConvertible {
        /// Not yet appointed (no CPNS appointment in effect yet).
        case notAppointed
        /// CPNS: candidate civil servant.
        case candidate
        /// PNS: full civil servant.
        case active
        case onLeave(LeaveKind)
        case separated(Separated.Reason)

        public var description: String {
            switch self {
            case .notAppointed: return "not appointed"
            case .candidate: return "CPNS"
            case .active: return "PNS"
            case .onLeave(let kind): return kind == .unpaid ? "on unpaid leave (CLTN)" : "on study leave"
            case .separated(let reason): return "separated (\(reason.rawValue))"
            }
        }

        /// In service (candidate, active or on leave).
        public var inService: Bool {
            switch self {
            case .candidate, .active, .onLeave: return true
            case .notAppointed, .separated: return false
            }
        }
    }

    public let nip: NIP
    public var status: Status = .notAppointed
    public var grade: Grade?
    /// TMT of the current grade.
    public var gradeSince: CivilDate?
    public var definitivePost: Post?
    public var actingPosts: [Post] = []
    public var org: OrgUnit?
    public var education: EducationLevel?
    /// TMT of the CPNS appointment.
    public var serviceStart: CivilDate?
    /// Days of unpaid leave (CLTN), which do not count as service.
    public var unpaidLeaveDays = 0
    /// Days of unpaid leave (CLTN) ended since the current grade's TMT.
    public var unpaidLeaveDaysInGrade = 0
    var leaveSince: CivilDate?
    /// TMT of the separation, if any: service stops counting there.
    public var separatedOn: CivilDate?
    /// Ratings by year, latest last.
    public var ratings: [Int: Predikat] = [:]
    public var talentBox: TalentBox?
    /// Training hours (JP) by year.
    public var trainingHours: [Int: Int] = [:]
    public var mentors: [NIP] = []
    /// Penalties imposed and not annulled, with their periods.
    public var disciplines: [UUID: DisciplineImposed] = [:]
    public var creditPoints: Double = 0
    public var awards: [String] = []
    /// The latest assessed level of each competency (code → 1–5), and when it was assessed.
    public var competencies: [String: Int] = [:]
    public var competenciesAssessedOn: CivilDate?
    /// Family ties the employee declared (relative → relation).
    public var familyTies: [NIP: FamilyRelation] = [:]
    /// Key posts the employee is a named successor for, with the readiness.
    public var successorFor: [KeyPost: Readiness] = [:]
    /// TMT of the last periodic salary increase (KGB).
    public var lastSalaryIncrease: CivilDate?
    /// The event that last set each field (for explanations): field name → event id.
    public var sources: [String: UUID] = [:]
    /// Every event that went into this state, in the order applied.
    public var appliedEvents: [UUID] = []
    /// The effective date this state is for.
    public var asOf: CivilDate

    public init(nip: NIP, asOf: CivilDate) {
        self.nip = nip
        self.asOf = asOf
    }

    /// The retirement age (BUP) of the post held (58 when none).
    public var retirementAge: Int { definitivePost?.bup ?? 58 }

    /// First day of the month after the birthday that reaches BUP.
    public var retirementDate: CivilDate {
        nip.birthDate.adding(years: retirementAge).firstOfNextMonth
    }

    /// Whole years of service at `asOf` (or at the separation, if earlier), leaving out unpaid leave.
    public var serviceYears: Int {
        guard let serviceStart else { return 0 }
        let end = min(asOf, separatedOn ?? asOf)
        var days = end.dayNumber - serviceStart.dayNumber - unpaidLeaveDays
        if let leaveSince, case .onLeave(.unpaid) = status { days -= end.dayNumber - leaveSince.dayNumber }
        return max(0, days) / 365
    }

    /// Days of unpaid leave (CLTN) in the current grade up to `date`, a leave still running included.
    public func unpaidLeaveDaysInGrade(until date: CivilDate) -> Int {
        var days = unpaidLeaveDaysInGrade
        if let leaveSince, case .onLeave(.unpaid) = status {
            days += max(0, date.dayNumber - max(leaveSince, gradeSince ?? leaveSince).dayNumber)
        }
        return days
    }

    /// Whole years in the current grade at `date`; unpaid leave (CLTN) pauses the clock.
    public func yearsInGrade(at date: CivilDate) -> Int? {
        guard let gradeSince else { return nil }
        return gradeSince.adding(days: unpaidLeaveDaysInGrade(until: date)).wholeYears(until: date)
    }

    /// The last `count` ratings, latest first.
    public func lastRatings(_ count: Int) -> [Predikat] {
        ratings.keys.sorted(by: >).prefix(count).compactMap { ratings[$0] }
    }

    /// Penalties in force on `date`.
    public func disciplines(inForceOn date: CivilDate) -> [DisciplineImposed] {
        disciplines.values.filter { $0.period.contains(date) }
    }

    /// Training hours (JP) in `year`.
    public func trainingHours(in year: Int) -> Int { trainingHours[year] ?? 0 }

    /// Whole years in the current grade at `date`.
    public func yearsInGrade(at date: CivilDate) -> Int {
        gradeSince.map { $0.wholeYears(until: date) } ?? 0
    }
}
