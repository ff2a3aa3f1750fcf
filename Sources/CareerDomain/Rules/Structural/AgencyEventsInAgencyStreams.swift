/// Open selection, competency standards and career patterns belong to an agency's stream, never
/// to an employee's.
public struct AgencyEventsInAgencyStreams: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard record.event.isAgencyEvent else { return nil }
        return DomainError(
            field: "type",
            rule: "\(record.event.type) belongs to an agency's stream (POST /v1/agencies/{agency}/events), not to an employee's")
    }
}
