import CareerDomain
import Foundation

/// Every read-model row of one agency's stream: its open selections and their candidates, the
/// competency standards of its posts and its career pattern (the latest declarations).
public struct AgencyRows: Sendable, Hashable {
    /// `selections`.
    public struct Selection: Sendable, Hashable {
        public var id: String, post: Post, announcedOn: CivilDate, stage = "announced"
        public var committee: [String] = [], committeeSize = 0, proposed: [String] = []
        public var outcome: String? = nil, appointee: String? = nil, closedOn: CivilDate? = nil
        public var announcedEvent: UUID, committeeEvent: UUID? = nil, committeeRecordedAt: Int64? = nil, proposedEvent: UUID? = nil,
            closedEvent: UUID? = nil
        public var closedRecordedAt: Int64? = nil, closedRecordedBy: String? = nil
    }

    /// `selection_candidates`.
    public struct Candidate: Sendable, Hashable {
        public var selection: String, nip: String, stage: String, passed: Bool, score: Double?, proposed = false
        public var appointed = false, assessedOn: CivilDate, eventID: UUID
    }

    /// `competency_standards`: one competency of a post title's standard.
    public struct Standard: Sendable, Hashable {
        public var title: String, competency: String, level: Int, declaredOn: CivilDate, eventID: UUID
    }

    /// `career_patterns`: one allowed move of the pattern in force from `declaredOn` until
    /// `validUntil` (exclusive; nil while in force).
    public struct PatternPath: Sendable, Hashable {
        public var from: String, to: String, declaredOn: CivilDate, eventID: UUID, validUntil: CivilDate? = nil
    }

    public var agency: String
    public var stream: String { AgencyRecord.stream(of: agency) }
    public var selections: [Selection] = []
    public var candidates: [Candidate] = []
    public var standards: [Standard] = []
    public var pattern: [PatternPath] = []

    /// The rows of `records`, one agency's stream in log order.
    public init(agency: String, records: [AgencyRecord]) {
        self.agency = agency
        var selections = [String: Selection](), order = [String]()
        var candidates = [String: [String: Candidate]]()
        var standards = [String: [Standard]]()
        // Each declaration's paths by its TMT: a later declaration with the same TMT replaces it.
        var patterns = [Int: [PatternPath]]()
        for record in records {
            let day = record.effectiveDate
            switch record.event {
            case .vacancyAnnounced(let event):
                selections[event.selection] = Selection(id: event.selection, post: event.post, announcedOn: day, announcedEvent: record.id)
                order.append(event.selection)
            case .selectionCommitteeFormed(let event):
                selections[event.selection]?.committee = event.members.compactMap { $0.nip?.digits }
                selections[event.selection]?.committeeSize = event.members.count
                selections[event.selection]?.committeeEvent = record.id
                selections[event.selection]?.committeeRecordedAt = record.recordedAt
                selections[event.selection]?.stage = "committee"
            case .candidateAssessed(let event):
                candidates[event.selection, default: [:]][event.candidate.digits] = Candidate(
                    selection: event.selection, nip: event.candidate.digits, stage: event.stage.rawValue, passed: event.passed,
                    score: event.score, assessedOn: day, eventID: record.id)
                selections[event.selection]?.stage = "assessment"
            case .candidatesProposed(let event):
                selections[event.selection]?.proposed = event.candidates.map(\.digits)
                selections[event.selection]?.proposedEvent = record.id
                selections[event.selection]?.stage = "proposed"
                for nip in event.candidates { candidates[event.selection]?[nip.digits]?.proposed = true }
            case .selectionClosed(let event):
                selections[event.selection]?.outcome = event.outcome.rawValue
                selections[event.selection]?.appointee = event.appointee?.digits
                selections[event.selection]?.closedOn = day
                selections[event.selection]?.closedEvent = record.id
                selections[event.selection]?.closedRecordedAt = record.recordedAt
                selections[event.selection]?.closedRecordedBy = record.recordedBy
                selections[event.selection]?.stage = "closed"
                if let appointee = event.appointee?.digits { candidates[event.selection]?[appointee]?.appointed = true }
            case .competencyStandardDeclared(let event):
                standards[event.title] = event.levels.map {
                    Standard(title: event.title, competency: $0.competency, level: $0.level, declaredOn: day, eventID: record.id)
                }
            case .careerPatternDeclared(let event):
                patterns[day.dayNumber] = event.paths.map { PatternPath(from: $0.from, to: $0.to, declaredOn: day, eventID: record.id) }
            default: break
            }
        }
        self.selections = order.compactMap { selections[$0] }
        self.candidates = order.flatMap { id in (candidates[id] ?? [:]).values.sorted { $0.nip < $1.nip } }
        self.standards = standards.keys.sorted().flatMap { standards[$0] ?? [] }
        let days = patterns.keys.sorted()
        for (index, day) in days.enumerated() {
            let until = index + 1 < days.count ? CivilDate(dayNumber: days[index + 1]) : nil
            pattern += (patterns[day] ?? []).map { path in
                var path = path
                path.validUntil = until
                return path
            }
        }
    }
}
