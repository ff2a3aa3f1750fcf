import CareerDomain
import Foundation

extension EmployeeRows {
    /// `competency_levels`: the latest assessed level of one competency.
    public struct CompetencyRow: Sendable, Hashable {
        public var competency: String, level: Int, assessedOn: CivilDate, eventID: UUID
    }

    /// `training_competencies`: a training tagged with one competency.
    public struct TrainingCompetencyRow: Sendable, Hashable {
        public var competency: String, day: CivilDate, hours: Int, eventID: UUID
    }

    /// `family_ties`: a declared tie; `recordedAt` is when it became known (a correction that
    /// changed it counts from the correction).
    public struct FamilyTieRow: Sendable, Hashable {
        public var relative: String, relation: String, declaredOn: CivilDate, eventID: UUID, recordedAt: Int64?, recordedBy: String?
    }

    /// `person_acts`: someone else acting on the employee, through which event.
    public struct ActRow: Sendable, Hashable {
        public var actor: String, role: String, eventID: UUID
    }

    /// `successors`: the employee named for a key post.
    public struct SuccessorRow: Sendable, Hashable {
        public var keyPost: KeyPost, readiness: String, namedOn: CivilDate, talentBox: Int?, eventID: UUID
    }

    /// `definitive_posts`: a definitive assignment and the definitive post before it.
    public struct DefinitivePostRow: Sendable, Hashable {
        public var post: Post, previous: Post?, eventID: UUID, effectiveDate: CivilDate, recordedAt: Int64?, recordedBy: String?
        public var operatorName: String?, decree: Decree?
    }

    /// `mentorships`: with the days the mentee then spent in the grade held when it began, up to
    /// the promotion that ended it.
    public struct MentorshipRow: Sendable, Hashable {
        public var mentor: String, kind: String, period: CareerDomain.Period, eventID: UUID, gradeDays: Int? = nil
    }

    /// The merit-system rows of one employee.
    public struct Merit: Sendable, Hashable {
        public var competencies: [String: CompetencyRow] = [:]
        public var trainings: [TrainingCompetencyRow] = []
        public var ties: [String: FamilyTieRow] = [:]
        public var acts: [ActRow] = []
        public var successors: [KeyPost: SuccessorRow] = [:]
        public var posts: [DefinitivePostRow] = []
        public var mentorships: [MentorshipRow] = []

        /// Takes one resolved record in: the talent box and definitive post just before it, the
        /// state just after. `knownSince` gives, for a corrected event, when its correction was
        /// recorded.
        mutating func note(
            _ record: CareerRecord, talentBefore: TalentBox?, postBefore: Post?, after: EmployeeState, knownSince: [UUID: Int64]
        ) {
            let known = max(record.recordedAt ?? 0, knownSince[record.id] ?? 0)
            func act(_ actor: String, _ role: String) { acts.append(ActRow(actor: actor, role: role, eventID: record.id)) }
            if let signer = record.decree?.signedBy, signer.utf8.count == 18, let nip = try? NIP(signer), nip != record.nip {
                act(nip.digits, "decree-signer")
            }
            switch record.event {
            case .competencyAssessed(let event):
                for item in event.levels {
                    competencies[item.competency] = CompetencyRow(
                        competency: item.competency, level: item.level, assessedOn: record.effectiveDate, eventID: record.id)
                }
            case .trainingCompleted(let event):
                for tag in event.competencies ?? [] {
                    trainings.append(TrainingCompetencyRow(competency: tag, day: event.period.end, hours: event.hours, eventID: record.id))
                }
            case .familyTieDeclared(let event):
                ties[event.relative.digits] = FamilyTieRow(
                    relative: event.relative.digits, relation: event.relation.rawValue, declaredOn: record.effectiveDate,
                    eventID: record.id, recordedAt: known == 0 ? nil : known, recordedBy: record.recordedBy)
            case .performanceRated(let event): act(event.appraiser.digits, "appraiser")
            case .mentoringRecorded(let event):
                act(event.mentor.digits, "mentor")
                mentorships.append(
                    MentorshipRow(mentor: event.mentor.digits, kind: event.kind.rawValue, period: event.period, eventID: record.id))
            case .successorNamed(let event):
                successors[event.keyPost] = SuccessorRow(
                    keyPost: event.keyPost, readiness: event.readiness.rawValue, namedOn: record.effectiveDate,
                    talentBox: talentBefore?.number, eventID: record.id)
            case .successorRemoved(let event): successors[event.keyPost] = nil
            case .postAssigned(let event) where event.assignment == .definitif:
                posts.append(
                    DefinitivePostRow(
                        post: event.post, previous: postBefore, eventID: record.id, effectiveDate: record.effectiveDate,
                        recordedAt: record.recordedAt, recordedBy: record.recordedBy, operatorName: record.operatorName,
                        decree: record.decree))
            default: break
            }
        }

        /// When each corrected event's latest correction was recorded.
        static func correctionTimes(_ records: [CareerRecord]) -> [UUID: Int64] {
            var times = [UUID: Int64]()
            for record in records {
                guard case .corrected(let correction) = record.event, let at = record.recordedAt else { continue }
                times[correction.target] = max(times[correction.target] ?? 0, at)
            }
            return times
        }
    }
}
