/// Appointment as a candidate civil servant (CPNS): the first event of every career.
public struct CpnsAppointed: CareerEventKind {
    public static let eventType = "CpnsAppointed"
    public var grade: Grade
    public var post: Post
    public var education: EducationLevel

    public init(grade: Grade, post: Post, education: EducationLevel) {
        self.grade = grade
        self.post = post
        self.education = education
    }
}

/// Confirmation as a full civil servant (PNS).
public struct PnsConfirmed: CareerEventKind {
    public static let eventType = "PnsConfirmed"
    public init() {}
}

/// A grade promotion (kenaikan pangkat).
public struct GradePromoted: CareerEventKind {
    public static let eventType = "GradePromoted"
    public var from: Grade
    public var to: Grade
    public var kind: PromotionKind

    public init(from: Grade, to: Grade, kind: PromotionKind) {
        self.from = from
        self.to = to
        self.kind = kind
    }
}

/// Appointment to a post (definitive or acting).
public struct PostAssigned: CareerEventKind {
    public static let eventType = "PostAssigned"
    public var post: Post
    public var assignment: AssignmentKind

    public init(post: Post, assignment: AssignmentKind) {
        self.post = post
        self.assignment = assignment
    }
}

/// Release from a post.
public struct PostReleased: CareerEventKind {
    public static let eventType = "PostReleased"
    public var title: String
    public var assignment: AssignmentKind

    public init(title: String, assignment: AssignmentKind) {
        self.title = title
        self.assignment = assignment
    }
}

/// A transfer between units or agencies (mutasi / rotation).
public struct Transferred: CareerEventKind {
    public static let eventType = "Transferred"
    public var from: OrgUnit
    public var to: OrgUnit

    public init(from: OrgUnit, to: OrgUnit) {
        self.from = from
        self.to = to
    }
}

/// Separation from service.
public struct Separated: CareerEventKind {
    public static let eventType = "Separated"
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// Retirement at the retirement age (BUP).
        case retirement, ownRequest, death, dismissal
    }
    public var reason: Reason
    public var note: String?

    public init(reason: Reason, note: String? = nil) {
        self.reason = reason
        self.note = note
    }
}
