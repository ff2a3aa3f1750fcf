import Foundation

/// What the agency stream's structural rules need to know about its earlier events: the event
/// ids, and each open selection's progress.
public struct AgencyHistory: Sendable, Hashable {
    /// One selection's progress.
    public struct Selection: Sendable, Hashable {
        public var announcedOn: CivilDate
        public var post: Post
        public var committee: [PanelMember] = []
        public var assessed: Set<NIP> = []
        public var proposed: [NIP] = []
        public var closed = false
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
            selections[event.selection] = Selection(announcedOn: record.effectiveDate, post: event.post)
        case .selectionCommitteeFormed(let event): selections[event.selection]?.committee = event.members
        case .candidateAssessed(let event): selections[event.selection]?.assessed.insert(event.candidate)
        case .candidatesProposed(let event): selections[event.selection]?.proposed = event.candidates
        case .selectionClosed(let event): selections[event.selection]?.closed = true
        default: break
        }
    }
}
