import Foundation

/// A disciplinary penalty (hukuman disiplin).
public struct DisciplineImposed: CareerEventKind {
    public static let eventType = "DisciplineImposed"
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable { case light, medium, heavy }
    public var level: Level
    public var period: Period
    public var description: String

    public init(level: Level, period: Period, description: String) {
        self.level = level
        self.period = period
        self.description = description
    }
}

/// A penalty annulled (e.g. after an appeal).
public struct DisciplineAnnulled: CareerEventKind {
    public static let eventType = "DisciplineAnnulled"
    /// The `DisciplineImposed` event it lifts.
    public var discipline: UUID
    public var reason: String

    public init(discipline: UUID, reason: String) {
        self.discipline = discipline
        self.reason = reason
    }
}

/// Leave that stops the career clock: unpaid (CLTN) or study leave (tugas belajar).
public enum LeaveKind: String, Sendable, Hashable, Codable, CaseIterable {
    case unpaid, study
}

/// Start of unpaid or study leave.
public struct LeaveStarted: CareerEventKind {
    public static let eventType = "LeaveStarted"
    public var kind: LeaveKind

    public init(kind: LeaveKind) { self.kind = kind }
}

/// End of unpaid or study leave.
public struct LeaveEnded: CareerEventKind {
    public static let eventType = "LeaveEnded"
    public var kind: LeaveKind

    public init(kind: LeaveKind) { self.kind = kind }
}

/// A correction: replaces the payload (and effective date) of an earlier event.
public struct Corrected: CareerEventKind {
    public static let eventType = "Corrected"
    public var target: UUID
    public var reason: String
    /// The event as it should have been recorded.
    public var replacement: CareerEvent
    public var replacementEffectiveDate: CivilDate

    public init(target: UUID, reason: String, replacement: CareerEvent, replacementEffectiveDate: CivilDate) {
        self.target = target
        self.reason = reason
        self.replacement = replacement
        self.replacementEffectiveDate = replacementEffectiveDate
    }
}

/// A rescission: an earlier event should never have been recorded.
public struct Rescinded: CareerEventKind {
    public static let eventType = "Rescinded"
    public var target: UUID
    public var reason: String

    public init(target: UUID, reason: String) {
        self.target = target
        self.reason = reason
    }
}
