/// Corrections, rescissions and annulments point at an earlier event of the same employee.
public struct TargetExists: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory) -> DomainError? {
        switch record.event {
        case .corrected(let event):
            return exists(event.target, in: history) ? nil : DomainError(field: "payload.target", rule: "the corrected event \(event.target.uuidString.lowercased()) is not an earlier event of \(record.nip)")
        case .rescinded(let event):
            return exists(event.target, in: history) ? nil : DomainError(field: "payload.target", rule: "the rescinded event \(event.target.uuidString.lowercased()) is not an earlier event of \(record.nip)")
        case .disciplineAnnulled(let event):
            return history.disciplineIDs.contains(event.discipline) ? nil : DomainError(field: "payload.discipline", rule: "the annulled penalty is not an earlier DisciplineImposed of \(record.nip)")
        default:
            return nil
        }
    }

    private func exists(_ id: UUID, in history: StreamHistory) -> Bool {
        history.eventIDs.contains(id)
    }
}

import Foundation
