import Foundation

/// What the structural rules need to know about an employee's earlier records: kept small so a
/// whole import can be checked without holding every record.
public struct StreamHistory: Sendable, Hashable {
    /// Whether a CPNS appointment is recorded.
    public private(set) var appointed = false
    /// Whether a death is recorded.
    public private(set) var died = false
    /// Ids of every earlier event.
    public private(set) var eventIDs = Set<UUID>()
    /// Ids of earlier `DisciplineImposed` events.
    public private(set) var disciplineIDs = Set<UUID>()

    public init() {}

    public init(_ records: [CareerRecord]) {
        for record in records { add(record) }
    }

    /// Takes an accepted record into account.
    public mutating func add(_ record: CareerRecord) {
        eventIDs.insert(record.id)
        switch record.event {
        case .cpnsAppointed: appointed = true
        case .separated(let separation) where separation.reason == .death: died = true
        case .disciplineImposed: disciplineIDs.insert(record.id)
        default: break
        }
    }
}
