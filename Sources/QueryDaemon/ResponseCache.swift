import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore

/// Encoded answers kept while what they were computed from is unchanged: an employee's answers
/// until their stream gets a new event, a report until the log moves (and at most `maxReportAge`,
/// because read models also follow the calendar). Bounded by bytes: two generations, the older
/// one dropped when the newer fills half the budget (an approximation of least-recently-used).
public final class ResponseCache: Sendable {
    /// What an answer was computed from.
    enum Basis: Sendable, Hashable {
        /// One employee's stream, whose last event was at this position.
        case stream(String, lastPosition: Int64)
        /// The read models at this log position.
        case log(through: Int64)
    }

    struct Entry: Sendable {
        var basis: Basis
        var stored: ContinuousClock.Instant
        var body: ByteBuffer
        var contentType: String
        /// Headers that describe the body (a report's log position and date).
        var headers: HTTPFields = [:]
        /// The people the body names (for the access log of a personal read).
        var nips: [String] = []
    }

    private struct Generations {
        var current: [String: Entry] = [:]
        var previous: [String: Entry] = [:]
        var currentBytes = 0
    }

    private let generations = NIOLockedValueBox(Generations())
    let budget: Int
    let maxReportAge: Duration

    /// `budget`: bytes of bodies kept at most.
    public init(budget: Int = 64 << 20, maxReportAge: Duration = .seconds(30)) {
        self.budget = budget
        self.maxReportAge = maxReportAge
    }

    /// The entry stored under `key`, if it is still valid by `heads`.
    func lookup(_ key: String, heads: StreamHeads) -> Entry? {
        let found: Entry? = generations.withLockedValue { generations in
            if let entry = generations.current[key] { return entry }
            guard let entry = generations.previous.removeValue(forKey: key) else { return nil }
            Self.insert(entry, key, into: &generations, budget: budget)
            return entry
        }
        guard let found else { return nil }
        switch found.basis {
        case .stream(let stream, let lastPosition):
            return heads.isUnchanged(stream, since: lastPosition) ? found : nil
        case .log(let through):
            guard heads.current == through, ContinuousClock.now - found.stored < maxReportAge else { return nil }
            return found
        }
    }

    func store(_ key: String, _ entry: Entry) {
        guard entry.body.readableBytes < budget / 16 else { return }
        generations.withLockedValue { Self.insert(entry, key, into: &$0, budget: budget) }
    }

    /// Entries and bytes held (for tests and metrics).
    var size: (entries: Int, bytes: Int) {
        generations.withLockedValue { generations in
            let bytes = (generations.current.values.map(\.body.readableBytes) + generations.previous.values.map(\.body.readableBytes))
                .reduce(0, +)
            return (generations.current.count + generations.previous.count, bytes)
        }
    }

    private static func insert(_ entry: Entry, _ key: String, into generations: inout Generations, budget: Int) {
        if let old = generations.current.updateValue(entry, forKey: key) {
            generations.currentBytes -= old.body.readableBytes + key.utf8.count
        }
        generations.currentBytes += entry.body.readableBytes + key.utf8.count
        if generations.currentBytes > budget / 2 {
            generations.previous = generations.current
            generations.current = [:]
            generations.currentBytes = 0
        }
    }
}
