import CareerDomain
import EventStore
import Foundation
import PostgresClient

extension CareerLog {
    /// The write gate for an agency's stream (open selection, competency standards, the career
    /// pattern): stamps the records with `recorder`, checks the recorder may write for the
    /// agency (a scoped writer needs the whole agency in scope), judges each by `AgencyRules`
    /// against the stored stream plus the records before it, and appends them together with the
    /// expected version; ids stored already are idempotent re-sends.
    @discardableResult
    public func record(
        agency submitted: [SubmittedAgencyRecord], by recorder: Recorder, expectedVersion: StreamExpectation = .any,
        today: CivilDate = .today()
    ) async throws -> AppendResult {
        guard let agency = submitted.first?.record.agency else { throw DomainError(field: "events", rule: "must hold at least one event") }
        if let other = submitted.first(where: { $0.record.agency != agency }) {
            throw DomainError(field: "agency", rule: "one append holds one agency's events; \(other.record.agency) differs from \(agency)")
        }
        if let scope = recorder.scope, !scope.agencies.contains(agency) {
            throw ScopeError(agency: agency, person: recorder.person, scope: scope)
        }
        let stream = AgencyRecord.stream(of: agency)
        return try await appendJudged(to: stream, expectedVersion: expectedVersion) {
            let stored = try await agencyStreams.state(of: stream, in: store)
            return (try judge(agency: submitted, against: stored, by: recorder, today: today), stored.version)
        }
    }

    /// Stamps and judges agency records against the stored ones; returns the events to append.
    func judge(
        agency submitted: [SubmittedAgencyRecord], against stored: AgencyStreamCache.State, by recorder: Recorder, today: CivilDate
    ) throws
        -> [NewEvent]
    {
        var history = stored.history
        let byID = stored.byID
        var events = [NewEvent]()
        for (index, item) in submitted.enumerated() {
            let record = item.record.stamped(by: recorder)
            if let original = byID[record.id] {
                // A re-send stays stored once, as whoever recorded it first; other content under
                // the same id is the store's idempotency conflict.
                events.append(
                    original.statesTheSame(as: record) ? original.newEvent(payload: item.payload) : record.newEvent(payload: item.payload))
                continue
            }
            if var refusal = AgencyRules.check(record, history: history, today: today) {
                if refusal.field != "agency" { refusal.field = "events[\(index)].\(refusal.field)" }
                throw refusal
            }
            history.add(record)
            events.append(record.newEvent(payload: item.payload))
        }
        return events
    }
}

extension AgencyRecord {
    /// The record as an event for the store, `payload` its event in canonical JSON.
    public func newEvent(payload: [UInt8]) -> NewEvent {
        NewEvent(id: id, event: event, effectiveDate: effectiveDate, payload: payload, metadata: metadata)
    }

    /// Reads a stored event of an agency's stream back into a record.
    public init(recorded: RecordedEvent) throws {
        guard let agency = AgencyRecord.agency(ofStream: recorded.stream) else {
            throw DomainError(field: "stream", rule: "\(recorded.stream) is not an agency's stream")
        }
        let effective = recorded.effectiveDate.map { CivilDate(dayNumber: $0.daysSinceUnixEpoch) } ?? CivilDate(dayNumber: 0)
        let event = try CareerEvent.decode(
            type: recorded.type, schemaVersion: recorded.schemaVersion, payload: Array(recorded.payload.text.utf8), effectiveDate: effective
        )
        let metadata = CareerRecord.storedMetadata(Array(recorded.metadata.text.utf8))
        self.init(
            id: recorded.id, agency: agency, effectiveDate: effective, decree: metadata?.decree, recordedBy: metadata?.recordedBy ?? "",
            event: event, operatorName: metadata?.operatorName, tokenID: metadata?.tokenId, source: metadata?.source,
            position: recorded.position, recordedAt: recorded.recordedAt.microsecondsSinceUnixEpoch)
    }
}
