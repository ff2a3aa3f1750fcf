import Foundation

/// Folds a stream of career records into an `EmployeeState`, bitemporally.
///
/// `state(of:asOf:knownAt:)` first keeps what was recorded by `knownAt`, then lets corrections
/// replace and rescissions remove their targets, then applies the remaining events in
/// effective-date order (ties by log position) up to `asOf`. The same records give the same state
/// whatever order or batches they arrived in: ordering uses only their dates and positions.
public enum CareerFold {
    /// The resolved history: what was known at `knownAt`, corrections applied, in effective order.
    public static func resolve(_ records: [CareerRecord], knownAt: Int64? = nil) -> [CareerRecord] {
        // Indices in log order (by position when stored, else as given), known at `knownAt`.
        var logOrder = Array(records.indices)
        if let knownAt { logOrder.removeAll { (records[$0].recordedAt ?? Int64.min) > knownAt } }
        let inLogOrder = zip(logOrder, logOrder.dropFirst()).allSatisfy { order(records[$0], $0) < order(records[$1], $1) }
        if !inLogOrder { logOrder.sort { order(records[$0], $0) < order(records[$1], $1) } }
        let amends = logOrder.contains {
            switch records[$0].event {
            case .corrected, .rescinded: return true
            default: return false
            }
        }
        guard amends else {
            // No corrections or rescissions: effective-date order, ties in log order.
            let sorted = logOrder.enumerated().sorted {
                (records[$0.element].effectiveDate, $0.offset) < (records[$1.element].effectiveDate, $1.offset)
            }
            return sorted.map { records[$0.element] }
        }
        var effective = [CareerRecord]()
        effective.reserveCapacity(logOrder.count)
        var index = [UUID: Int]()
        var removed = Set<UUID>()
        // A rescinded correction never applies (rescinding it undoes it).
        var rescinded = Set<UUID>()
        for position in logOrder {
            if case .rescinded(let rescission) = records[position].event { rescinded.insert(rescission.target) }
        }
        for position in logOrder {
            let record = records[position]
            switch record.event {
            case .corrected(let correction):
                guard !rescinded.contains(record.id), let target = index[correction.target], !removed.contains(correction.target) else {
                    continue
                }
                effective[target].event = correction.replacement
                effective[target].effectiveDate = correction.replacementEffectiveDate
            case .rescinded(let rescission):
                removed.insert(rescission.target)
            default:
                index[record.id] = effective.count
                effective.append(record)
            }
        }
        return effective.enumerated()
            .filter { !removed.contains($0.element.id) }
            .sorted { ($0.element.effectiveDate, $0.offset) < ($1.element.effectiveDate, $1.offset) }
            .map(\.element)
    }

    /// Log order: by position when stored, else by the order given.
    static func order(_ record: CareerRecord, _ offset: Int) -> (Int64, Int) {
        (record.position ?? Int64.max, offset)
    }

    /// The state on `asOf` as the records known at `knownAt` (µs since 1970) describe it.
    public static func state(of records: [CareerRecord], nip: NIP, asOf: CivilDate, knownAt: Int64? = nil) -> EmployeeState {
        state(ofResolved: resolve(records, knownAt: knownAt), nip: nip, asOf: asOf)
    }

    /// The state on `asOf` from records already `resolve`d.
    public static func state(ofResolved resolved: [CareerRecord], nip: NIP, asOf: CivilDate) -> EmployeeState {
        var state = EmployeeState(nip: nip, asOf: asOf)
        for record in resolved where record.effectiveDate <= asOf {
            apply(record, to: &state)
        }
        return state
    }

    /// Applies one (resolved) record.
    public static func apply(_ record: CareerRecord, to state: inout EmployeeState) {
        let date = record.effectiveDate
        state.appliedEvents.append(record.id)
        func mark(_ fields: String...) { for field in fields { state.sources[field] = record.id } }
        switch record.event {
        case .cpnsAppointed(let event):
            state.status = .candidate
            state.grade = event.grade
            state.gradeSince = date
            state.definitivePost = event.post
            state.org = event.post.org
            state.education = event.education
            state.serviceStart = date
            mark("status", "grade", "post", "org", "education", "serviceStart")
        case .pnsConfirmed:
            if case .candidate = state.status { state.status = .active }
            mark("status")
        case .gradePromoted(let event):
            state.grade = event.to
            state.gradeSince = date
            state.unpaidLeaveDaysInGrade = 0
            mark("grade")
        case .postAssigned(let event):
            if event.assignment == .definitif {
                state.definitivePost = event.post
                state.org = event.post.org
                mark("post", "org")
            } else {
                state.actingPosts.removeAll { $0.title == event.post.title }
                state.actingPosts.append(event.post)
                mark("actingPosts")
            }
        case .postReleased(let event):
            if event.assignment == .definitif, state.definitivePost?.title == event.title {
                state.definitivePost = nil
                mark("post")
            } else {
                state.actingPosts.removeAll { $0.title == event.title }
                mark("actingPosts")
            }
        case .transferred(let event):
            state.org = event.to
            state.definitivePost?.org = event.to
            mark("org")
        case .trainingCompleted(let event):
            state.trainingHours[event.period.end.year, default: 0] += event.hours
            mark("trainingHours")
        case .mentoringRecorded(let event):
            if !state.mentors.contains(event.mentor) { state.mentors.append(event.mentor) }
            mark("mentors")
        case .performanceRated(let event):
            state.ratings[event.year] = event.predikat
            mark("ratings")
        case .talentAssessed(let event):
            state.talentBox = event.box
            mark("talentBox")
        case .creditPointsAwarded(let event):
            state.creditPoints += event.points
            mark("creditPoints")
        case .educationCompleted(let event):
            if state.education.map({ $0 < event.level }) ?? true { state.education = event.level }
            mark("education")
        case .awardGranted(let event):
            state.awards.append(event.name)
            mark("awards")
        case .disciplineImposed(let event):
            state.disciplines[record.id] = event
            mark("disciplines")
        case .disciplineAnnulled(let event):
            state.disciplines[event.discipline] = nil
            mark("disciplines")
        case .leaveStarted(let event):
            state.status = .onLeave(event.kind)
            state.leaveSince = date
            mark("status")
        case .leaveEnded(let event):
            if event.kind == .unpaid, let since = state.leaveSince {
                state.unpaidLeaveDays += max(0, date.dayNumber - since.dayNumber)
                let inGrade = max(since, state.gradeSince ?? since)
                state.unpaidLeaveDaysInGrade += max(0, date.dayNumber - inGrade.dayNumber)
            }
            state.leaveSince = nil
            state.status = .active
            mark("status")
        case .separated(let event):
            state.status = .separated(event.reason)
            state.separatedOn = date
            mark("status")
        case .competencyAssessed(let event):
            for item in event.levels { state.competencies[item.competency] = item.level }
            state.competenciesAssessedOn = date
            mark("competencies")
        case .successorNamed(let event):
            state.successorFor[event.keyPost] = event.readiness
            mark("successorFor")
        case .successorRemoved(let event):
            state.successorFor[event.keyPost] = nil
            mark("successorFor")
        case .familyTieDeclared(let event):
            state.familyTies[event.relative] = event.relation
            mark("familyTies")
        case .salaryIncreaseGranted:
            state.lastSalaryIncrease = date
            mark("lastSalaryIncrease")
        case .corrected, .rescinded, .vacancyAnnounced, .selectionCommitteeFormed, .candidateAssessed, .candidatesProposed,
            .selectionClosed, .competencyStandardDeclared, .careerPatternDeclared:
            break
        }
    }
}
