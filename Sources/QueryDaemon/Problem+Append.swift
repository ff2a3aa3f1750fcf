import CareerDomain
import CareerLog
import EventStore
import Foundation

extension Problem {
    /// What a refused append answers: 422 for a refused record, 403 outside the writer's scope,
    /// 409 for a version or idempotency conflict (naming the event by its index in `ids`);
    /// anything else unchanged.
    static func append(_ error: any Error, ids: [UUID]) -> any Error {
        switch error {
        case let error as DomainError: return Problem.unprocessable(field: error.field, rule: error.rule)
        case let error as ScopeError: return Problem(status: .forbidden, title: "Forbidden", detail: error.description)
        case let error as EventStoreError:
            switch error.code {
            case .versionConflict:
                return Problem(
                    status: .conflict, title: "Conflict", detail: error.description, field: "expectedVersion", rule: error.description)
            case .idempotencyConflict(let id):
                let index = ids.firstIndex(of: id)
                return Problem(
                    status: .conflict, title: "Conflict", detail: error.description, field: index.map { "events[\($0)].id" } ?? "events",
                    rule: "an event with this id is already stored with other content")
            case .invalidEvent(let field, let rule):
                return Problem.unprocessable(field: field, rule: rule)
            }
        default: return error
        }
    }
}
