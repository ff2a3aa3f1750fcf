/// Every structural rule, in the order they are checked.
public enum StructuralRules {
    public static let all: [any StructuralRule] = [
        AgencyEventsInAgencyStreams(), AppointmentMatchesNIP(), KnownEmployee(), PlausibleDates(), NothingAfterSeparation(), TargetExists(),
        DecreeRequired(),
        PeriodInOrder(), DistinctPeople(), PromotionGoesUp(), ConfirmedOnce(), RatingMatchesMatrix(),
        TrainingHoursInRange(), PlausibleValues(), ReplacementIsSound(), MeritValuesInRange(), SuccessorWasNamed(),
    ]

    /// The rules that look at a record alone (its payload and dates), not at the history: also
    /// applied to a correction's replacement.
    static let standalone: [any StructuralRule] = [
        AppointmentMatchesNIP(), PeriodInOrder(), DistinctPeople(), PromotionGoesUp(), RatingMatchesMatrix(), TrainingHoursInRange(),
        PlausibleValues(), AgencyEventsInAgencyStreams(), MeritValuesInRange(),
    ]

    /// The first rule `record` breaks, or `nil`.
    public static func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate = .today()) -> DomainError? {
        for rule in all {
            if let error = rule.check(record, history: history, today: today) { return error }
        }
        return nil
    }
}
