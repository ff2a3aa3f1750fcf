/// A generated employee who can rate or mentor those generated after: when they served, and in
/// which agency they were appointed.
struct Colleague: Sendable {
    var nip: NIP
    var hired: CivilDate
    /// The separation's TMT, if they left.
    var left: CivilDate?
    var agency: String

    /// In service on `date`, and in service for two years or more by then.
    func canRate(on date: CivilDate) -> Bool {
        hired.adding(years: 2) <= date && (left.map { date < $0 } ?? true)
    }

    /// What the generator keeps of a generated career.
    init?(_ career: GeneratedCareer) {
        guard let first = career.records.first, case .cpnsAppointed(let appointment) = first.event else { return nil }
        nip = career.nip
        hired = first.effectiveDate
        agency = appointment.post.org.agency
        left = career.records.last { if case .separated = $0.event { true } else { false } }?.effectiveDate
    }
}
