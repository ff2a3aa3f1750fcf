/// A vacancy for a senior post (JPT) announced for open selection (seleksi terbuka). Every
/// later event of the selection names its `selection` id, unique within the agency.
public struct VacancyAnnounced: CareerEventKind {
    public static let eventType = "VacancyAnnounced"
    public var selection: String
    public var post: Post

    public init(selection: String, post: Post) {
        self.selection = selection
        self.post = post
    }
}

/// A member of a selection committee (panitia seleksi): a civil servant (NIP) or an outside expert.
public struct PanelMember: Sendable, Hashable, Codable {
    public var nip: NIP?
    public var name: String

    public init(nip: NIP?, name: String) {
        self.nip = nip
        self.name = name
    }
}

/// The selection committee is formed.
public struct SelectionCommitteeFormed: CareerEventKind {
    public static let eventType = "SelectionCommitteeFormed"
    public var selection: String
    public var members: [PanelMember]

    public init(selection: String, members: [PanelMember]) {
        self.selection = selection
        self.members = members
    }
}

/// A stage of open selection.
public enum SelectionStage: String, Sendable, Hashable, Codable, CaseIterable {
    case administrative, competency, interview
}

/// A candidate's result at one stage.
public struct CandidateAssessed: CareerEventKind {
    public static let eventType = "CandidateAssessed"
    public var selection: String
    public var candidate: NIP
    public var stage: SelectionStage
    /// The score (0–100), if the stage gives one.
    public var score: Double?
    public var passed: Bool

    public init(selection: String, candidate: NIP, stage: SelectionStage, score: Double?, passed: Bool) {
        self.selection = selection
        self.candidate = candidate
        self.stage = stage
        self.score = score
        self.passed = passed
    }
}

/// The committee proposes its best candidates (three, ranked) to the appointing official.
public struct CandidatesProposed: CareerEventKind {
    public static let eventType = "CandidatesProposed"
    public var selection: String
    public var candidates: [NIP]

    public init(selection: String, candidates: [NIP]) {
        self.selection = selection
        self.candidates = candidates
    }
}

/// How a selection ended.
public enum SelectionOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case appointed, unfilled, cancelled
}

/// The selection is closed: someone appointed (the appointee), or not.
public struct SelectionClosed: CareerEventKind {
    public static let eventType = "SelectionClosed"
    public var selection: String
    public var outcome: SelectionOutcome
    public var appointee: NIP?

    public init(selection: String, outcome: SelectionOutcome, appointee: NIP?) {
        self.selection = selection
        self.outcome = outcome
        self.appointee = appointee
    }
}
