import CareerDomain
import Foundation

/// An employee's career as one SVG: the grade as a step line over the years, units and posts as
/// bands, and a marker per event in its row (promotion, post, rating, development, discipline,
/// leave, separation). Events that a later record corrected or rescinded are drawn hollow and
/// dashed, corrections as diamonds joined to the event they fix; every marker links to its row
/// in the trail table.
struct CareerTimelineChart {
    /// A marker row.
    enum Lane: Int, CaseIterable {
        case grade, post, rating, development, discipline, leave, separation, correction

        init(_ event: CareerEvent) {
            switch event {
            case .cpnsAppointed, .pnsConfirmed, .gradePromoted: self = .grade
            case .postAssigned, .postReleased, .transferred: self = .post
            case .performanceRated, .talentAssessed, .competencyAssessed, .successorNamed, .successorRemoved: self = .rating
            case .trainingCompleted, .mentoringRecorded, .creditPointsAwarded, .educationCompleted, .awardGranted, .salaryIncreaseGranted,
                .familyTieDeclared:
                self = .development
            case .disciplineImposed, .disciplineAnnulled: self = .discipline
            case .leaveStarted, .leaveEnded: self = .leave
            case .separated: self = .separation
            case .corrected, .rescinded: self = .correction
            case .vacancyAnnounced, .selectionCommitteeFormed, .candidateAssessed, .candidatesProposed, .selectionClosed,
                .competencyStandardDeclared, .careerPatternDeclared:
                self = .post
            }
        }

        var labelKey: String { "lane.\(self)" }
    }

    /// A stretch of time with one value (a grade, a unit, a post).
    struct Band: Hashable {
        var from: CivilDate
        var to: CivilDate
        var value: String
        var level: Int
    }

    let start: CivilDate
    let end: CivilDate
    var grades: [Band] = []
    var units: [Band] = []
    var posts: [Band] = []
    /// (record, lane, changed by a later correction or rescission).
    var markers: [(record: CareerRecord, lane: Lane, changed: Bool)] = []
    /// Correction → the event it fixes.
    var links: [(from: CareerRecord, to: CareerRecord)] = []

    /// `records` as stored (known at `knownAt`), drawn up to `end`.
    init(records: [CareerRecord], nip: NIP, end: CivilDate, knownAt: Int64?) {
        let known = records.filter { record in knownAt.map { (record.recordedAt ?? 0) <= $0 } ?? true }
        let dates = Set(known.map(\.effectiveDate).filter { $0 <= end }).sorted()
        self.start = CivilDate(year: (dates.first ?? end).year, month: 1, day: 1) ?? end
        self.end = max(end, start)
        // The state just after each date on which something took effect.
        var states = [(CivilDate, EmployeeState)]()
        for date in dates { states.append((date, CareerFold.state(of: known, nip: nip, asOf: date, knownAt: knownAt))) }
        func bands(_ value: (EmployeeState) -> (String, Int)?) -> [Band] {
            var result = [Band]()
            for (index, (date, state)) in states.enumerated() {
                let until = index + 1 < states.count ? states[index + 1].0 : self.end
                guard let (text, level) = value(state) else { continue }
                if var last = result.last, last.value == text, last.to == date {
                    last.to = until
                    result[result.count - 1] = last
                } else {
                    result.append(Band(from: date, to: until, value: text, level: level))
                }
            }
            return result
        }
        grades = bands { state in state.status.inService ? state.grade.map { ($0.code, $0.step) } : nil }
        units = bands { state in state.status.inService ? state.org.map { ($0.unit, 0) } : nil }
        posts = bands { state in state.status.inService ? state.definitivePost.map { ($0.title, 0) } : nil }
        var changed = Set<UUID>()
        var byID = [UUID: CareerRecord]()
        for record in known { byID[record.id] = record }
        for record in known {
            switch record.event {
            case .corrected(let correction): changed.insert(correction.target)
            case .rescinded(let rescission): changed.insert(rescission.target)
            default: break
            }
        }
        for record in known where record.effectiveDate <= self.end {
            markers.append((record, Lane(record.event), changed.contains(record.id)))
            switch record.event {
            case .corrected(let correction): if let target = byID[correction.target] { links.append((record, target)) }
            case .rescinded(let rescission): if let target = byID[rescission.target] { links.append((record, target)) }
            default: break
            }
        }
    }
}
