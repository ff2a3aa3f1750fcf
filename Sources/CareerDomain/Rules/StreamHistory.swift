import Foundation

/// What the structural rules need to know about an employee's earlier records (stored, and those
/// before it in the same request or file): kept small, so a whole import can be checked without
/// holding every record. Corrections and rescissions are applied as they come, so the facts are
/// those of the corrected history.
public struct StreamHistory: Sendable, Hashable {
    /// What an event contributes to the facts the rules look at.
    enum Fact: Sendable, Hashable {
        case appointment, confirmation, discipline, other
        case separation(Separated.Reason)
        case successor(KeyPost), successorRemoved(KeyPost)

        init(_ event: CareerEvent) {
            switch event {
            case .cpnsAppointed: self = .appointment
            case .pnsConfirmed: self = .confirmation
            case .separated(let separation): self = .separation(separation.reason)
            case .disciplineImposed: self = .discipline
            case .successorNamed(let event): self = .successor(event.keyPost)
            case .successorRemoved(let event): self = .successorRemoved(event.keyPost)
            default: self = .other
            }
        }
    }

    /// A live (not rescinded) event: its TMT as a day number, its type, what it contributes.
    struct Entry: Sendable, Hashable {
        var day: Int32
        var type: String
        var fact: Fact
    }

    private var live: [UUID: Entry] = [:]
    /// Events rescinded later.
    private var rescinded: Set<UUID> = []
    /// Corrections and rescissions themselves.
    private var amendments: Set<UUID> = []
    /// Live corrections: correction id → the event it corrects.
    private var corrections: [UUID: UUID] = [:]
    /// What a corrected event was before each live correction of it, oldest first, with the
    /// correction that replaced it (rescinding a correction brings back what it replaced).
    private var replaced: [UUID: [Version]] = [:]

    /// An event as it was before correction `by` replaced it.
    struct Version: Sendable, Hashable {
        var by: UUID
        var entry: Entry
    }

    public init() {}

    /// Every event id the history has taken in (events, corrections, rescissions).
    public var ids: Set<UUID> {
        Set(live.keys).union(rescinded).union(amendments)
    }

    public init(_ records: [CareerRecord]) {
        for record in records { add(record) }
    }

    /// Takes an accepted record into account.
    public mutating func add(_ record: CareerRecord) {
        switch record.event {
        case .corrected(let correction):
            amendments.insert(record.id)
            guard var entry = live[correction.target] else { return }
            replaced[correction.target, default: []].append(Version(by: record.id, entry: entry))
            corrections[record.id] = correction.target
            entry.day = Int32(correction.replacementEffectiveDate.dayNumber)
            entry.type = correction.replacement.type
            entry.fact = Fact(correction.replacement)
            live[correction.target] = entry
        case .rescinded(let rescission):
            amendments.insert(record.id)
            if let target = corrections.removeValue(forKey: rescission.target) {
                // A correction rescinded: its event is as it was before that correction.
                rescinded.insert(rescission.target)
                guard var versions = replaced[target], let index = versions.firstIndex(where: { $0.by == rescission.target }) else {
                    return
                }
                let before = versions[index].entry
                if index == versions.count - 1, live[target] != nil {
                    live[target] = before
                } else if index + 1 < versions.count {
                    versions[index + 1].entry = before
                }
                versions.remove(at: index)
                replaced[target] = versions
            } else if live.removeValue(forKey: rescission.target) != nil {
                rescinded.insert(rescission.target)
            }
        default:
            live[record.id] = Entry(day: Int32(record.effectiveDate.dayNumber), type: record.event.type, fact: Fact(record.event))
        }
    }

    /// Takes a stored event into account that the catalogue cannot read: it exists (a correction
    /// or rescission may aim at it) and takes effect on its date, but adds no fact.
    public mutating func addUnreadable(id: UUID, type: String, effectiveDate: CivilDate?) {
        live[id] = Entry(day: Int32(effectiveDate?.dayNumber ?? 0), type: type, fact: .other)
    }

    /// Whether any event of the employee is recorded (live, rescinded, or an amendment).
    public var isEmpty: Bool { live.isEmpty && rescinded.isEmpty && amendments.isEmpty }

    /// Whether `id` is an earlier event of this employee, of any kind.
    public func knows(_ id: UUID) -> Bool { live[id] != nil || rescinded.contains(id) || amendments.contains(id) }

    /// What `id` is to a correction or rescission aimed at it.
    public enum Target: Sendable, Hashable {
        case unknown, rescinded, amendment
        /// A live event of this type.
        case event(type: String)
        /// A live correction (only a rescission may aim at it: the corrected event is then as before).
        case correction
    }

    public func target(_ id: UUID) -> Target {
        if let entry = live[id] { return .event(type: entry.type) }
        if rescinded.contains(id) { return .rescinded }
        if corrections[id] != nil { return .correction }
        return amendments.contains(id) ? .amendment : .unknown
    }

    /// The TMT of the CPNS appointment in effect, if one is recorded.
    public var appointmentDate: CivilDate? {
        live.values.first { $0.fact == .appointment }.map { CivilDate(dayNumber: Int($0.day)) }
    }

    /// Whether a CPNS appointment is recorded (and not rescinded).
    public var appointed: Bool { appointmentDate != nil }

    /// The recorded separation (not rescinded), if any: its TMT and reason.
    public var separation: (date: CivilDate, reason: Separated.Reason)? {
        var earliest: (day: Int32, reason: Separated.Reason)?
        for entry in live.values {
            guard case .separation(let reason) = entry.fact else { continue }
            if earliest.map({ entry.day < $0.day }) ?? true { earliest = (entry.day, reason) }
        }
        return earliest.map { (CivilDate(dayNumber: Int($0.day)), $0.reason) }
    }

    /// The latest TMT of any live event other than a separation.
    public var latestDate: CivilDate? {
        live.values.filter {
            if case .separation = $0.fact { return false }
            return true
        }.map(\.day).max().map { CivilDate(dayNumber: Int($0)) }
    }

    /// How many PNS confirmations are in effect.
    public var confirmations: Int { live.values.filter { $0.fact == .confirmation }.count }

    /// Whether the employee is a named successor for `post` on `date`: the latest live naming or
    /// removal for it on or before `date` is a naming.
    public func isNamedSuccessor(for post: KeyPost, on date: CivilDate) -> Bool {
        let day = Int32(date.dayNumber)
        var latest: (day: Int32, named: Bool)?
        for entry in live.values where entry.day <= day {
            let named: Bool
            switch entry.fact {
            case .successor(let target) where target == post: named = true
            case .successorRemoved(let removed) where removed == post: named = false
            default: continue
            }
            if let current = latest, entry.day < current.day || (entry.day == current.day && !current.named) { continue }
            latest = (entry.day, named)
        }
        return latest?.named ?? false
    }

    /// Whether `id` is a live `DisciplineImposed`.
    public func isDiscipline(_ id: UUID) -> Bool { live[id]?.fact == .discipline }
}
