/// Dates lie where a career can have them: no TMT before the CPNS appointment (or the NIP's
/// appointment month) or more than a year ahead (two for a retirement, decided in advance); no
/// decree signed after the recording day or long before the appointment; periods and rating
/// years within the career.
public struct PlausibleDates: StructuralRule {
    public init() {}

    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        let earliest = history.appointmentDate ?? record.nip.appointmentMonth
        var floor = earliest
        if case .cpnsAppointed = record.event { floor = record.nip.appointmentMonth }
        if let problem = Self.tmt(record.effectiveDate, field: "effectiveDate", earliest: floor, today: today, event: record.event) {
            return problem
        }
        if let decree = record.decree {
            if decree.date > today.adding(days: 1) {
                return DomainError(field: "decree.date", rule: "the decree date \(decree.date) is after the recording day \(today)")
            }
            let first = record.nip.appointmentMonth.adding(years: -2)
            if decree.date < first {
                return DomainError(
                    field: "decree.date", rule: "the decree date \(decree.date) is more than two years before the CPNS appointment month")
            }
        }
        if case .corrected(let correction) = record.event {
            // A corrected appointment is held to the NIP's month (checked with the replacement), others to the appointment.
            var floor = earliest
            if case .cpnsAppointed = correction.replacement { floor = record.nip.appointmentMonth }
            return Self.tmt(
                correction.replacementEffectiveDate, field: "payload.replacementEffectiveDate", earliest: floor, today: today,
                event: correction.replacement)
        }
        return Self.payloadDates(record.event, effectiveDate: record.effectiveDate, earliest: earliest, today: today, prefix: "payload")
    }

    /// A TMT within [earliest, today + a year] (two years for a retirement).
    static func tmt(_ date: CivilDate, field: String, earliest: CivilDate, today: CivilDate, event: CareerEvent) -> DomainError? {
        if date < earliest {
            return DomainError(field: field, rule: "TMT \(date) is before the CPNS appointment (\(earliest))")
        }
        var years = 1
        if case .separated(let separation) = event, separation.reason == .retirement { years = 2 }
        let latest = today.adding(years: years)
        if date > latest {
            return DomainError(field: field, rule: "TMT \(date) is more than \(years == 1 ? "a year" : "two years") after today (\(today))")
        }
        return nil
    }

    /// The dates inside a payload: periods and years.
    static func payloadDates(
        _ event: CareerEvent, effectiveDate: CivilDate, earliest: CivilDate, today: CivilDate, prefix: String
    ) -> DomainError? {
        let start = earliest.adding(years: -1)
        func period(_ period: Period, latestEnd: CivilDate) -> DomainError? {
            if period.start < start {
                return DomainError(
                    field: prefix + ".period.start", rule: "\(period.start) is more than a year before the CPNS appointment (\(earliest))")
            }
            if period.end > latestEnd {
                return DomainError(field: prefix + ".period.end", rule: "\(period.end) is after \(latestEnd)")
            }
            return nil
        }
        func year(_ value: Int) -> DomainError? {
            guard value < earliest.year - 1 || value > today.year else { return nil }
            return DomainError(
                field: prefix + ".year", rule: "\(value) is outside the career so far (\(earliest.year - 1) to \(today.year))")
        }
        switch event {
        case .trainingCompleted(let training): return period(training.period, latestEnd: today.adding(years: 1))
        case .mentoringRecorded(let mentoring): return period(mentoring.period, latestEnd: today.adding(years: 5))
        case .disciplineImposed(let discipline): return period(discipline.period, latestEnd: effectiveDate.adding(years: 10))
        case .performanceRated(let rating): return year(rating.year)
        case .creditPointsAwarded(let points): return year(points.year)
        default: return nil
        }
    }
}
