import Foundation

/// Simulates one career year by year, in the shapes of DOMAIN.md ("Scale, for planning"): the
/// person is drawn first (age, sex, education, years of service), then the career from the CPNS
/// appointment to today or the separation.
struct CareerSimulation {
    var random: SeededGenerator
    /// The merit system's draws (salary increases, competency assessments, family ties,
    /// succession), apart from `random` so the rest of a career is as it was without them.
    var merit: SeededGenerator
    let today: CivilDate
    let index: Int
    let seniors: [Colleague]
    var records: [CareerRecord] = []
    var deferred: [CareerRecord] = []
    var decreeCounter = 0
    var minted = 0

    // The career so far.
    var grade = Grade.IIa
    var gradeSince = CivilDate(dayNumber: 0)
    var education = EducationLevel.s1
    var post = Post(title: "", kind: .pelaksana, org: OrgUnit(unit: "", agency: ""))
    var creditPoints = 0.0
    var onLeave = false
    /// The person's rater: another generated employee, drawn again when the post changes or
    /// when they can no longer rate.
    var appraiser: Colleague?
    /// A degree completed during the career, and the year it is completed.
    var laterDegree: (level: EducationLevel, year: Int)?
    /// When the next periodic salary increase (KGB) falls due.
    var nextSalaryIncrease = CivilDate(dayNumber: 0)
    /// The family tie declared, once corrected or not, and the key post named for, if any.
    var tie: (record: CareerRecord, corrected: Bool)?
    var namedFor: KeyPost?

    init(random: SeededGenerator, merit: SeededGenerator, today: CivilDate, index: Int, seniors: [Colleague]) {
        self.random = random
        self.merit = merit
        self.today = today
        self.index = index
        self.seniors = seniors
    }

    /// Age bands (years) and their shares of PNS.
    static let ageBands: [(ClosedRange<Int>, Double)] = [(22...30, 9), (31...40, 24), (41...50, 33), (51...57, 34)]
    /// Education, its share, the youngest hiring age and the starting grade.
    static let educations: [(EducationLevel, Double, Int, Grade)] = [
        (.sma, 14, 19, .IIa), (.d3, 11, 22, .IIc), (.s1, 56, 23, .IIIa), (.s2, 12, 26, .IIIb), (.s3, 1, 30, .IIIc),
        (.d4, 3, 23, .IIIa), (.d1, 2, 20, .IIa), (.smp, 1, 19, .Ic),
    ]
    /// Weights of the service-year bands 0–10, 11–20, 21–30, 31–35, fitted so that, drawn after
    /// the age and within what the age and the hiring age allow, the shares come out as 32%, 52%,
    /// 15% and 1%.
    static let serviceBands: [(ClosedRange<Int>, Double)] = [(0...10, 62.5), (11...20, 60.5), (21...30, 6.0), (31...35, 0.7)]
    /// The oldest a person may be hired at, and how often that limit applies: 35 as a rule, 40
    /// for posts that allow it, 46 for honorary staff appointed in the conversions of 2005–2014.
    static let hiringLimits: [(Int, Double)] = [(35, 85), (40, 12), (46, 3)]
    /// Today's education reached by a degree during the career: the education the person was
    /// hired with, and how often.
    static let earlierEducation: [EducationLevel: (EducationLevel, Double)] = [
        .s1: (.sma, 0.08), .d4: (.d3, 0.2), .s2: (.s1, 0.6), .s3: (.s2, 0.7),
    ]

    mutating func run(usedNIPs: inout Set<String>) -> GeneratedCareer? {
        // Who: someone in service today, or (one in twelve) someone retired in recent years.
        let retired = random.chance(1.0 / 12)
        let age = retired ? random.int(in: 59...66) : random.int(in: Self.ageBands[random.weighted(Self.ageBands.map(\.1))].0)
        let birth = today.adding(years: -age).adding(days: -random.int(in: 0...364))
        let female = random.chance(0.54)
        // Today's education follows the national shares; some reached it during the career.
        let todaysEducation = Self.educations[random.weighted(Self.educations.map(\.1))].0
        var startEducation = todaysEducation
        if let (earlier, share) = Self.earlierEducation[todaysEducation], random.chance(share) { startEducation = earlier }
        guard let (_, _, youngest, startGrade) = Self.educations.first(where: { $0.0 == startEducation }) else { return nil }
        let oldest = Self.hiringLimits[random.weighted(Self.hiringLimits.map(\.1))].0
        let serviceYears = drawServiceYears(age: age, youngest: youngest, oldest: oldest)
        let hireDay = today.adding(years: -serviceYears).adding(days: -random.int(in: 0...364))
        let hire = CivilDate(year: hireDay.year, month: hireDay.month, day: 1) ?? hireDay
        guard hire > birth.adding(years: 18).firstOfNextMonth, hire <= today else { return nil }
        let base =
            birth.description.replacingOccurrences(of: "-", with: "")
            + String(hire.description.prefix(7)).replacingOccurrences(of: "-", with: "")
            + (female ? "2" : "1")
        var sequence = 1
        while usedNIPs.contains(base + String(format: "%03d", sequence)) { sequence += 1 }
        guard sequence < 1000, let nip = try? NIP(base + String(format: "%03d", sequence)) else { return nil }
        usedNIPs.insert(nip.digits)

        // Where: a track and an agency.
        let track = WorkforceCatalogue.Track.allCases[random.weighted([40, 20, 15, 25])]
        let agency = WorkforceCatalogue.agencies[random.int(in: 0...WorkforceCatalogue.agencies.count - 1)]
        let clerk = "19750101200001" + String(1001 + index % 7)
        education = startEducation
        if startEducation != todaysEducation {
            // Completed after at least four years in service, or (short careers) not yet.
            laterDegree = (todaysEducation, hire.year + random.int(in: 4...max(4, serviceYears - 1)))
        }
        grade = startGrade
        gradeSince = hire
        post = firstPost(track: track, org: OrgUnit(unit: WorkforceCatalogue.unit(for: track), agency: agency))

        add(.cpnsAppointed(CpnsAppointed(grade: grade, post: post, education: education)), hire, nip: nip, by: clerk)
        let confirmed = hire.adding(years: 1).firstOfNextMonth
        if confirmed <= today { add(.pnsConfirmed(PnsConfirmed()), confirmed, nip: nip, by: clerk) }

        // Until when: today, the retirement date (BUP), or an earlier separation.
        var end = today
        var separation: Separated.Reason?
        let bupDate = birth.adding(years: post.bup).firstOfNextMonth
        if bupDate <= today {
            end = bupDate
            separation = .retirement
        }
        let room = max(701, end.dayNumber - hire.dayNumber)
        if random.chance(0.005) {
            end = min(end, hire.adding(days: random.int(in: 700...room)))
            separation = .death
        } else if random.chance(0.01) {
            end = min(end, hire.adding(years: random.int(in: 3...15)))
            separation = .ownRequest
        } else if random.chance(0.002) {
            end = min(end, hire.adding(years: random.int(in: 2...12)))
            separation = .dismissal
        }

        var year = hire.year + 1
        nextSalaryIncrease = hire.adding(years: 2)
        while year < end.year || (year == end.year && end.month > 1) {
            let first = records.count
            simulate(year: year, hire: hire, end: end, track: track, nip: nip, clerk: clerk)
            meritYear(year, since: first, hire: hire, end: end, track: track, nip: nip, clerk: clerk)
            year += 1
            if !deferred.isEmpty, random.chance(0.5) {
                records += deferred
                deferred.removeAll()
            }
        }
        records += deferred
        deferred.removeAll()
        amend(nip: nip, end: end, clerk: clerk)
        if let separation { separate(separation, on: end, nip: nip, clerk: clerk) }
        return GeneratedCareer(nip: nip, records: records)
    }

    /// Years of service for someone of `age` hired no younger than `youngest` and no older than
    /// `oldest`.
    mutating func drawServiceYears(age: Int, youngest: Int, oldest: Int) -> Int {
        let low = max(0, age - oldest), high = max(low, min(35, age - youngest))
        let years = Array(low...high)
        let weights = years.map { year -> Double in
            guard let band = Self.serviceBands.first(where: { $0.0.contains(year) }) else { return 0 }
            return band.1 / Double(band.0.count)
        }
        return years[random.weighted(weights)]
    }

    /// Nothing takes effect after the separation (a year's last events may fall after a death or
    /// retirement within it), and nothing corrects or rescinds what was dropped.
    mutating func separate(_ reason: Separated.Reason, on end: CivilDate, nip: NIP, clerk: String) {
        var dropped = Set<UUID>()
        records = records.filter { record in
            switch record.event {
            case .corrected(let correction): return correction.replacementEffectiveDate <= end && !dropped.contains(correction.target)
            case .rescinded(let rescission): return !dropped.contains(rescission.target)
            default:
                if record.effectiveDate > end { dropped.insert(record.id) }
                return record.effectiveDate <= end
            }
        }
        add(.separated(Separated(reason: reason)), end, nip: nip, by: clerk)
    }

    /// Corrections and rescissions, about one event in a hundred: a TMT mistyped and put right,
    /// a training certificate or award found invalid.
    mutating func amend(nip: NIP, end: CivilDate, clerk: String) {
        let candidates = records.indices.filter { index in
            switch records[index].event {
            case .trainingCompleted, .awardGranted, .performanceRated, .creditPointsAwarded: return true
            default: return false
            }
        }
        for index in candidates {
            let target = records[index]
            if random.chance(0.008) {
                let fixed = target.effectiveDate.adding(days: random.int(in: 1...20))
                guard fixed <= end, fixed <= today else { continue }
                records.append(
                    makeRecord(
                        .corrected(
                            Corrected(
                                target: target.id, reason: "TMT pada dokumen salah ketik", replacement: target.event,
                                replacementEffectiveDate: fixed)),
                        fixed, nip: nip, by: clerk))
            } else if random.chance(0.004) {
                let day = min(target.effectiveDate.adding(days: random.int(in: 30...200)), today, end)
                records.append(makeRecord(.rescinded(Rescinded(target: target.id, reason: "dokumen tidak sah")), day, nip: nip, by: clerk))
            }
        }
    }
}
