/// A career event payload: a `Codable` type with a stable name and a schema version.
public protocol CareerEventKind: Codable, Sendable, Hashable {
    /// The stable event type name stored in the log, e.g. `GradePromoted`.
    static var eventType: String { get }
    /// The current schema version of this payload.
    static var schemaVersion: Int { get }
}

extension CareerEventKind {
    public static var schemaVersion: Int { 1 }
}

/// Why a promotion happened (kenaikan pangkat reguler or one of the special kinds).
public enum PromotionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case regular
    /// Functional post: 2 years in grade plus credit points.
    case functional
    /// Pilihan: holding a structural post.
    case structural
    /// Pilihan: a new diploma (penyesuaian ijazah).
    case diplomaAdjustment
    /// Pilihan: outstanding achievement (prestasi luar biasa).
    case outstanding
    /// Other special kinds.
    case other

    /// Special kinds may skip the regular rules.
    public var isRegular: Bool { self == .regular }
}

/// A period with a start and an end day (inclusive).
public struct Period: Sendable, Hashable, Codable {
    public var start: CivilDate
    public var end: CivilDate

    public init(start: CivilDate, end: CivilDate) {
        self.start = start
        self.end = end
    }

    public func contains(_ date: CivilDate) -> Bool { start <= date && date <= end }
}
