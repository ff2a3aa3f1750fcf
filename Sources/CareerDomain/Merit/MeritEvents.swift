/// A competency assessment (asesmen kompetensi): the person's level in each competency assessed.
public struct CompetencyAssessed: CareerEventKind {
    public static let eventType = "CompetencyAssessed"
    public var levels: [CompetencyLevel]
    /// Who assessed (an assessment centre, say).
    public var assessor: String

    public init(levels: [CompetencyLevel], assessor: String) {
        self.levels = levels
        self.assessor = assessor
    }
}

/// The employee is named a successor for a key post with a readiness; naming again for the
/// same post changes the readiness.
public struct SuccessorNamed: CareerEventKind {
    public static let eventType = "SuccessorNamed"
    public var keyPost: KeyPost
    public var readiness: Readiness

    public init(keyPost: KeyPost, readiness: Readiness) {
        self.keyPost = keyPost
        self.readiness = readiness
    }
}

/// The employee is no longer a successor for a key post.
public struct SuccessorRemoved: CareerEventKind {
    public static let eventType = "SuccessorRemoved"
    public var keyPost: KeyPost

    public init(keyPost: KeyPost) { self.keyPost = keyPost }
}

/// The employee declares a family tie with another civil servant (a wrong declaration is
/// corrected or rescinded like any event; a correction that adds a tie re-judges the past).
public struct FamilyTieDeclared: CareerEventKind {
    public static let eventType = "FamilyTieDeclared"
    public var relative: NIP
    public var relation: FamilyRelation

    public init(relative: NIP, relation: FamilyRelation) {
        self.relative = relative
        self.relation = relation
    }
}

/// A periodic salary increase (kenaikan gaji berkala, KGB), by decree.
public struct SalaryIncreaseGranted: CareerEventKind {
    public static let eventType = "SalaryIncreaseGranted"
    /// The new basic salary (gaji pokok) in rupiah.
    public var basicSalary: Int
    /// The salary-scale service years (masa kerja golongan) it is granted for.
    public var serviceYears: Int

    public init(basicSalary: Int, serviceYears: Int) {
        self.basicSalary = basicSalary
        self.serviceYears = serviceYears
    }
}
