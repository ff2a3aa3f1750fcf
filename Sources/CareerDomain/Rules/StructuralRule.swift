/// A rule that makes an event meaningless when broken: the event is refused, nothing stored.
public protocol StructuralRule: Sendable {
    /// Checks `record` against the employee's earlier records (in log order).
    func check(_ record: CareerRecord, history: StreamHistory) -> DomainError?
}

/// Every structural rule, in the order they are checked.
public enum StructuralRules {
    public static let all: [any StructuralRule] = [
        AppointmentMatchesNIP(), KnownEmployee(), NothingAfterDeath(), TargetExists(), DecreeRequired(),
        PeriodInOrder(), DistinctPeople(), PromotionGoesUp(), RatingMatchesMatrix(), TrainingHoursInRange(),
    ]

    /// The first rule `record` breaks, or `nil`.
    public static func check(_ record: CareerRecord, history: StreamHistory) -> DomainError? {
        for rule in all {
            if let error = rule.check(record, history: history) { return error }
        }
        return nil
    }
}
