/// The structural rules of an agency's stream: only agency events; dates within reason; a
/// selection announced once for a senior (JPT) post of the agency, then its committee formed
/// once, candidates assessed, one proposal of up to three distinct candidates who passed their
/// last assessment, and its closing, in that order and in time, and nothing after it closed; an
/// appointee exactly when someone was appointed, and only after a proposal; competency
/// standards and career patterns that mean something.
public enum AgencyRules {
    /// The first rule `record` breaks (field and rule), or `nil`.
    public static func check(_ record: AgencyRecord, history: AgencyHistory, today: CivilDate = .today()) -> DomainError? {
        guard record.event.isAgencyEvent else {
            return DomainError(field: "type", rule: "\(record.event.type) belongs to an employee's stream, not to an agency's")
        }
        if let problem = AgencyRecord.problem(withName: record.agency) { return DomainError(field: "agency", rule: problem) }
        if record.effectiveDate.dayNumber < 0 || record.effectiveDate > today.adding(years: 1) {
            return DomainError(field: "effectiveDate", rule: "\(record.effectiveDate) is not between 1970-01-01 and a year from today")
        }
        if let decree = record.decree, decree.date > today.adding(days: 1) {
            return DomainError(field: "decree.date", rule: "the decree date \(decree.date) is after the recording day \(today)")
        }
        switch record.event {
        case .vacancyAnnounced(let event): return vacancy(event, record: record, history: history)
        case .competencyStandardDeclared(let event):
            if let problem = FieldLimits.problem(with: event.title, key: "title") {
                return DomainError(field: "payload.title", rule: problem)
            }
            return CompetencyLevel.problem(with: event.levels, field: "payload.levels")
        case .careerPatternDeclared(let event): return pattern(event)
        default: return selectionStep(record, history: history)
        }
    }

    static func vacancy(_ event: VacancyAnnounced, record: AgencyRecord, history: AgencyHistory) -> DomainError? {
        if let problem = selectionID(event.selection) { return problem }
        if history.selections[event.selection] != nil {
            return DomainError(field: "payload.selection", rule: "selection \(event.selection) was announced already")
        }
        guard [.jptUtama, .jptMadya, .jptPratama].contains(event.post.kind) else {
            return DomainError(field: "payload.post.kind", rule: "open selection fills senior posts (JPT), not \(event.post.kind.rawValue)")
        }
        guard event.post.org.agency == record.agency else {
            return DomainError(field: "payload.post.org.agency", rule: "the post is in \(event.post.org.agency), not in \(record.agency)")
        }
        return nil
    }

    static func selectionID(_ id: String) -> DomainError? {
        guard (1...80).contains(id.count), id.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) else {
            return DomainError(field: "payload.selection", rule: "a selection id is 1 to 80 letters, digits, '-', '_', '.' or '/'")
        }
        return nil
    }

    static func selectionStep(_ record: AgencyRecord, history: AgencyHistory) -> DomainError? {
        let id: String
        switch record.event {
        case .selectionCommitteeFormed(let event): id = event.selection
        case .candidateAssessed(let event): id = event.selection
        case .candidatesProposed(let event): id = event.selection
        case .selectionClosed(let event): id = event.selection
        default: return nil
        }
        guard let selection = history.selections[id] else {
            return DomainError(field: "payload.selection", rule: "selection \(id) was not announced in \(record.agency)")
        }
        if selection.closed { return DomainError(field: "payload.selection", rule: "selection \(id) is closed") }
        if record.effectiveDate < selection.announcedOn {
            return DomainError(
                field: "effectiveDate", rule: "\(record.effectiveDate) is before the vacancy was announced (\(selection.announcedOn))")
        }
        if record.effectiveDate < selection.lastStepOn {
            return DomainError(
                field: "effectiveDate", rule: "\(record.effectiveDate) is before the selection's previous step (\(selection.lastStepOn))")
        }
        switch record.event {
        case .selectionCommitteeFormed(let event):
            if selection.committeeFormed { return DomainError(field: "type", rule: "selection \(id) has its committee already") }
            if !selection.passed.isEmpty {
                return DomainError(field: "type", rule: "the committee of selection \(id) is formed before candidates are assessed")
            }
            return committee(event.members)
        case .candidateAssessed(let event):
            if !selection.committeeFormed {
                return DomainError(field: "type", rule: "candidates of selection \(id) are assessed by its committee: form it first")
            }
            if selection.proposalMade {
                return DomainError(field: "type", rule: "selection \(id) has made its proposal: no assessment after it")
            }
            guard let score = event.score else { return nil }
            return (0...100).contains(score) && score.isFinite
                ? nil : DomainError(field: "payload.score", rule: "a score lies between 0 and 100, got \(score)")
        case .candidatesProposed(let event):
            if selection.proposalMade { return DomainError(field: "type", rule: "selection \(id) has made its proposal already") }
            guard (1...3).contains(event.candidates.count), Set(event.candidates).count == event.candidates.count else {
                return DomainError(field: "payload.candidates", rule: "the committee proposes one to three distinct candidates")
            }
            if let index = event.candidates.firstIndex(where: { selection.passed[$0] == nil }) {
                return DomainError(
                    field: "payload.candidates[\(index)]", rule: "\(event.candidates[index]) was not assessed in selection \(id)")
            }
            if let index = event.candidates.firstIndex(where: { selection.passed[$0] == false }) {
                return DomainError(
                    field: "payload.candidates[\(index)]",
                    rule: "\(event.candidates[index]) did not pass the last assessment in selection \(id)")
            }
            return nil
        case .selectionClosed(let event):
            if event.outcome == .appointed, event.appointee == nil {
                return DomainError(field: "payload.appointee", rule: "an appointed selection names its appointee")
            }
            if event.outcome != .appointed, event.appointee != nil {
                return DomainError(field: "payload.appointee", rule: "only an appointed selection names an appointee")
            }
            if event.outcome == .appointed, !selection.proposalMade {
                return DomainError(
                    field: "payload.outcome", rule: "selection \(id) appoints after its committee's proposal (CandidatesProposed)")
            }
            return nil
        default: return nil
        }
    }

    static func committee(_ members: [PanelMember]) -> DomainError? {
        guard (1...30).contains(members.count) else {
            return DomainError(field: "payload.members", rule: "a committee has 1 to 30 members")
        }
        var seen = Set<NIP>()
        for (index, member) in members.enumerated() {
            if let problem = FieldLimits.problem(with: member.name, key: "name") {
                return DomainError(field: "payload.members[\(index)].name", rule: problem)
            }
            if let nip = member.nip, !seen.insert(nip).inserted {
                return DomainError(field: "payload.members[\(index)].nip", rule: "\(nip) sits on the committee twice")
            }
        }
        return nil
    }

    static func pattern(_ event: CareerPatternDeclared) -> DomainError? {
        guard (1...200).contains(event.paths.count) else {
            return DomainError(field: "payload.paths", rule: "a career pattern lists 1 to 200 moves")
        }
        for (index, path) in event.paths.enumerated() {
            for (name, text) in [("from", path.from), ("to", path.to)] {
                if let problem = FieldLimits.problem(with: text, key: "title") {
                    return DomainError(field: "payload.paths[\(index)].\(name)", rule: problem)
                }
            }
            if path.from.lowercased() == path.to.lowercased() {
                return DomainError(field: "payload.paths[\(index)].to", rule: "a move within one family needs no declaring")
            }
        }
        return nil
    }
}
