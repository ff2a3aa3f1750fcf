/// Completed training (diklat) with its hours in JP (jam pelajaran) and the competencies it
/// develops. Schema version 3; version 2 records (no competencies) and version 1 records (name,
/// hours, organiser only) are upcast on decoding.
public struct TrainingCompleted: CareerEventKind {
    public static let eventType = "TrainingCompleted"
    public static let schemaVersion = 3
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case leadership, functional, technical, workshop, seminar, internship, coaching, mentoring
    }
    public var name: String
    public var kind: Kind
    /// Hours in JP.
    public var hours: Int
    public var organiser: String
    public var certificate: String?
    public var period: Period
    /// Competency codes the training develops (`Competency`), if tagged.
    public var competencies: [String]?

    public init(
        name: String, kind: Kind, hours: Int, organiser: String, certificate: String?, period: Period, competencies: [String]? = nil
    ) {
        self.name = name
        self.kind = kind
        self.hours = hours
        self.organiser = organiser
        self.certificate = certificate
        self.period = period
        self.competencies = competencies
    }
}

/// Mentoring or coaching by another civil servant.
public struct MentoringRecorded: CareerEventKind {
    public static let eventType = "MentoringRecorded"
    public enum Kind: String, Sendable, Hashable, Codable { case mentoring, coaching }
    public var mentor: NIP
    public var kind: Kind
    public var period: Period

    public init(mentor: NIP, kind: Kind, period: Period) {
        self.mentor = mentor
        self.kind = kind
        self.period = period
    }
}

/// A yearly (or periodic) performance rating (SKP).
public struct PerformanceRated: CareerEventKind {
    public static let eventType = "PerformanceRated"
    public var year: Int
    /// 2022-style parts; absent on older records.
    public var results: ExpectationLevel?
    public var behaviour: ExpectationLevel?
    public var predikat: Predikat
    /// The older numeric SKP score (0–100), kept as recorded.
    public var legacyScore: Double?
    public var appraiser: NIP

    public init(
        year: Int, results: ExpectationLevel?, behaviour: ExpectationLevel?, predikat: Predikat, legacyScore: Double? = nil, appraiser: NIP
    ) {
        self.year = year
        self.results = results
        self.behaviour = behaviour
        self.predikat = predikat
        self.legacyScore = legacyScore
        self.appraiser = appraiser
    }
}

/// A competency or talent assessment placing the employee in the 9-box grid.
public struct TalentAssessed: CareerEventKind {
    public static let eventType = "TalentAssessed"
    public var performance: ExpectationLevel
    public var potential: Potential

    public init(performance: ExpectationLevel, potential: Potential) {
        self.performance = performance
        self.potential = potential
    }

    public var box: TalentBox { TalentBox(performance: performance, potential: potential) }
}

/// Credit points (angka kredit) for a functional post.
public struct CreditPointsAwarded: CareerEventKind {
    public static let eventType = "CreditPointsAwarded"
    public var points: Double
    public var year: Int

    public init(points: Double, year: Int) {
        self.points = points
        self.year = year
    }
}

/// Completed education, which raises the promotion ceiling.
public struct EducationCompleted: CareerEventKind {
    public static let eventType = "EducationCompleted"
    public var level: EducationLevel
    public var institution: String

    public init(level: EducationLevel, institution: String) {
        self.level = level
        self.institution = institution
    }
}

/// An award, e.g. Satyalancana Karya Satya for 10, 20 or 30 years.
public struct AwardGranted: CareerEventKind {
    public static let eventType = "AwardGranted"
    public var name: String

    public init(name: String) { self.name = name }
}
