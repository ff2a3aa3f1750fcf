import CareerDomain
import EventStore
import Foundation
import NIOConcurrencyHelpers

/// What the agency gate knows of each agency's stream, kept between appends: the rules' summary
/// and the records by id (for idempotent re-sends), brought up to date by reading only the
/// events after the version it holds. An append does work proportional to what it adds, not to
/// the stream.
final class AgencyStreamCache: Sendable {
    struct State: Sendable {
        var version = 0
        var history = AgencyHistory()
        var byID: [UUID: AgencyRecord] = [:]
    }

    private let states = NIOLockedValueBox([String: State]())

    /// The stream's state as stored now.
    func state(of stream: String, in store: EventStore) async throws -> State {
        var state = states.withLockedValue { $0[stream] } ?? State()
        while true {
            let events = try await store.readStream(stream, fromVersion: state.version + 1, limit: 10_000)
            for event in events {
                let record = try AgencyRecord(recorded: event)
                state.history.add(record)
                if state.byID[record.id] == nil { state.byID[record.id] = record }
                state.version = event.version
            }
            if events.count < 10_000 { break }
        }
        let known = state
        states.withLockedValue { states in
            if (states[stream]?.version ?? -1) < known.version { states[stream] = known }
        }
        return state
    }
}
