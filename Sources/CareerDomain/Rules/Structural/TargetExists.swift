import Foundation

/// Corrections and rescissions point at a live earlier event of the same employee (not one
/// rescinded already, not another correction), a correction keeps its target's type, and an
/// annulment points at a penalty in force.
public struct TargetExists: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        switch record.event {
        case .corrected(let event):
            if let problem = problem(with: event.target, in: history, record: record, verb: "corrected") { return problem }
            if case .event(let type) = history.target(event.target), type != event.replacement.type {
                return DomainError(
                    field: "payload.replacement.type",
                    rule:
                        "a correction keeps its target's type (\(type)), not \(event.replacement.type): rescind it and record the right "
                        + "event"
                )
            }
            return nil
        case .rescinded(let event):
            // A wrong correction is undone by rescinding it.
            if history.target(event.target) == .correction { return nil }
            return problem(with: event.target, in: history, record: record, verb: "rescinded")
        case .disciplineAnnulled(let event):
            return history.isDiscipline(event.discipline)
                ? nil
                : DomainError(
                    field: "payload.discipline", rule: "the annulled penalty is not an earlier DisciplineImposed of \(record.nip)")
        default:
            return nil
        }
    }

    private func problem(with id: UUID, in history: StreamHistory, record: CareerRecord, verb: String) -> DomainError? {
        let text = id.uuidString.lowercased()
        switch history.target(id) {
        case .event: return nil
        case .correction:
            return DomainError(field: "payload.target", rule: "event \(text) is a correction: rescind it, or correct the original event")
        case .unknown:
            return DomainError(field: "payload.target", rule: "the \(verb) event \(text) is not an earlier event of \(record.nip)")
        case .rescinded: return DomainError(field: "payload.target", rule: "the \(verb) event \(text) was rescinded already")
        case .amendment:
            return DomainError(
                field: "payload.target", rule: "event \(text) is a rescission: a rescission is final; record the event again")
        }
    }
}
