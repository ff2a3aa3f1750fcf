import Foundation
import PostgresClient

/// Decides append requests against the log's head, the streams' versions and the events already
/// stored: each request is appended, an idempotent re-send, or refused; the rows to write are
/// numbered from the head and collected (their hashes are chained when they are written). Shared
/// by the append transaction and the first load.
struct AppendPlan {
    /// The last position numbered so far.
    var position: Int64
    /// The server's transaction time, which every row records.
    let recordedAt: PostgresTimestamp
    /// Each stream's version so far (absent: 0).
    var versions: [String: Int]
    /// The rows to write, in position order.
    var rows: [RecordedEvent] = []

    /// Decides `request`. `stored` answers for an event id already stored (or planned earlier):
    /// its position, and whether `event` has the same content. A request none of whose events
    /// is stored must find the version it expects.
    mutating func add(
        _ request: AppendRequest, stored: (NewEvent) -> (position: Int64, sameContent: Bool)?
    ) -> Result<AppendResult, EventStoreError> {
        var current = versions[request.stream] ?? 0
        var known = [(position: Int64, sameContent: Bool)?]()
        known.reserveCapacity(request.events.count)
        var alreadyStored = 0
        for event in request.events {
            let earlier = stored(event)
            if let earlier, !earlier.sameContent {
                return .failure(EventStoreError(code: .idempotencyConflict(eventID: event.id), stream: request.stream))
            }
            if earlier != nil { alreadyStored += 1 }
            known.append(earlier)
        }
        if alreadyStored == 0, !request.expectedVersion.allows(current) {
            return .failure(
                EventStoreError(code: .versionConflict(expected: request.expectedVersion, actual: current), stream: request.stream))
        }
        var positions = [Int64]()
        positions.reserveCapacity(request.events.count)
        for (event, earlier) in zip(request.events, known) {
            if let earlier {
                positions.append(earlier.position)
                continue
            }
            position += 1
            current += 1
            rows.append(
                RecordedEvent(
                    position: position, stream: request.stream, version: current, id: event.id, type: event.type,
                    schemaVersion: event.schemaVersion, effectiveDate: event.effectiveDate, recordedAt: recordedAt,
                    payload: event.payload, metadata: event.metadata, previousHash: [], hash: []))
            positions.append(position)
        }
        versions[request.stream] = current
        return .success(AppendResult(stream: request.stream, positions: positions, streamVersion: current, alreadyStored: alreadyStored))
    }
}
