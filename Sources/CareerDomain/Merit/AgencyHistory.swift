import Foundation

/// What the agency stream's structural rules need to know about its earlier events: the event
/// ids, and each open selection's progress.
public struct AgencyHistory: Sendable, Hashable {
    /// One selection's progress.
    public struct Selection: Sendable, Hashable {
        public var announcedOn: CivilDate
        public var post: Post
        public var committee: [PanelMember] = []
        public var committeeFormed = false
        /// Each candidate's result at the last stage assessed.
        public var passed: [NIP: Bool] = [:]
        public var proposed: [NIP] = []
        public var proposalMade = false
        public var closed = false
        /// The TMT of the latest step: steps follow one another in time.
        public var lastStepOn: CivilDate

        /// The candidates assessed.
        public var assessed: Set<NIP> { Set(passed.keys) }
    }

    public private(set) var ids: Set<UUID> = []
    public private(set) var selections: [String: Selection] = [:]

    public init() {}

    public init(_ records: [AgencyRecord]) {
        for record in records { add(record) }
    }

    /// Takes an accepted record into account.
    public mutating func add(_ record: AgencyRecord) {
        ids.insert(record.id)
        switch record.event {
        case .vacancyAnnounced(let event):
            selections[event.selection] = Selection(announcedOn: record.effectiveDate, post: event.post, lastStepOn: record.effectiveDate)
        case .selectionCommitteeFormed(let event):
            selections[event.selection]?.committee = event.members
            selections[event.selection]?.committeeFormed = true
            selections[event.selection]?.lastStepOn = record.effectiveDate
        case .candidateAssessed(let event):
            selections[event.selection]?.passed[event.candidate] = event.passed
            selections[event.selection]?.lastStepOn = record.effectiveDate
        case .candidatesProposed(let event):
            selections[event.selection]?.proposed = event.candidates
            selections[event.selection]?.proposalMade = true
            selections[event.selection]?.lastStepOn = record.effectiveDate
        case .selectionClosed(let event): selections[event.selection]?.closed = true
        default: break
        }
    }
}
