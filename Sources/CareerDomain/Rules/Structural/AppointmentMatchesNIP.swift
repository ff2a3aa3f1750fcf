/// The CPNS appointment takes effect in the month the NIP names (the NIP is not contradicted).
public struct AppointmentMatchesNIP: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard case .cpnsAppointed = record.event else { return nil }
        let month = record.nip.appointmentMonth
        guard record.effectiveDate.year == month.year, record.effectiveDate.month == month.month else {
            return DomainError(
                field: "effectiveDate",
                rule:
                    "CPNS appointment TMT \(record.effectiveDate) must fall in the NIP's appointment month "
                    + "\(String(month.description.prefix(7)))"
            )
        }
        return nil
    }
}
