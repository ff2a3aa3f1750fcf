import CareerDomain
import EventStore
import Foundation
import PostgresClient

/// One page of an employee's career trail: every stored event in effective-date order (ties in
/// log order) with its envelope and its payload exactly as stored, and, next to each event, the
/// corrections and rescissions that changed it. Built from the stored rows; only correction and
/// rescission payloads are looked into.
struct CareerTrailPage {
    let ordered: [RecordedEvent]
    let offset: Int
    let limit: Int
    /// Event id → the corrections and rescissions aimed at it.
    let changedBy: [UUID: [[String: String]]]

    init(stored: [RecordedEvent], offset: Int, limit: Int) {
        var changedBy = [UUID: [[String: String]]]()
        for event in stored where event.type == Corrected.eventType || event.type == Rescinded.eventType {
            // A payload the catalogue cannot read is still shown below, just not linked.
            guard let payload = try? JSONObjectScanner(Array(event.payload.text.utf8)[...]),
                let target = (try? payload.string("target")).flatMap(UUID.init(uuidString:))
            else { continue }
            changedBy[target, default: []].append([
                "kind": event.type == Corrected.eventType ? "corrected" : "rescinded",
                "by": event.id.uuidString.lowercased(), "reason": (try? payload.string("reason")) ?? "",
            ])
        }
        self.ordered = stored.enumerated().sorted {
            ($0.element.effectiveDate?.daysSinceUnixEpoch ?? 0, $0.offset) < ($1.element.effectiveDate?.daysSinceUnixEpoch ?? 0, $1.offset)
        }.map(\.element)
        self.offset = offset
        self.limit = limit
        self.changedBy = changedBy
    }

    func json(nip: NIP) -> JSONObject {
        let items: [JSONObject] = ordered.dropFirst(offset).prefix(limit).map { event in
            var item: JSONObject = [
                "id": event.id.uuidString.lowercased(), "type": event.type, "schemaVersion": event.schemaVersion,
                "effectiveDate": event.effectiveDate.map { CivilDate(dayNumber: $0.daysSinceUnixEpoch).description },
                "position": event.position, "recordedAt": event.recordedAt.iso8601,
                "hash": PostgresBytes.hex(event.hash), "decree": RawJSON(text: "null"), "recordedBy": "",
                "payload": RawJSON(text: event.payload.text), "changedBy": changedBy[event.id] ?? [],
            ]
            // Who recorded it, with which token, how, and who the client named: as stored.
            if let metadata = try? JSONObjectScanner(Array(event.metadata.text.utf8)[...]) {
                item["recordedBy"] = (try? metadata.string("recordedBy")) ?? ""
                for key in ["operator", "tokenId", "source"] {
                    if let value = try? metadata.string(key) { item[key] = value }
                }
                if !metadata.isNull("decree"), let raw = metadata.raw("decree") {
                    item["decree"] = RawJSON(text: String(decoding: raw, as: UTF8.self))
                }
            }
            return item
        }
        return ["nip": nip.digits, "total": ordered.count, "offset": offset, "limit": limit, "events": items]
    }
}
