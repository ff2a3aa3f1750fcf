/// The appraiser is never the appraisee; the mentor is never the mentee.
public struct DistinctPeople: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        switch record.event {
        case .performanceRated(let event) where event.appraiser == record.nip:
            return DomainError(field: "payload.appraiser", rule: "appraiser must differ from appraisee")
        case .mentoringRecorded(let event) where event.mentor == record.nip:
            return DomainError(field: "payload.mentor", rule: "mentor must differ from mentee")
        default:
            return nil
        }
    }
}
