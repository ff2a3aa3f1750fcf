import EventStore
import Foundation
import PostgresClient
import TestSupport

/// Helpers shared by the event store tests.
enum Fixtures {
    static func event(_ n: Int, type: String = "TrainingCompleted", id: UUID = UUID()) -> NewEvent {
        NewEvent(
            id: id, type: type, schemaVersion: 1, effectiveDate: PostgresDate(year: 2020, month: 1 + n % 12, day: 1 + n % 28),
            payload: PostgresJSON(text: #"{"jp":\#(n % 40),"name":"Pelatihan \#(n) — Dinas Pendidikan"}"#),
            metadata: PostgresJSON(text: #"{"recordedBy":"198001012005011001","sk":"800/\#(n)/BKD/2020"}"#))
    }

    static func nip(_ n: Int) -> String {
        "19860926201505" + String(1000 + n % 9000)
    }

    static func store(_ database: TestDatabase, connections: Int = 4) -> EventStore {
        EventStore(pool: database.pool(maxConnections: connections))
    }

    static func count(_ connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*) FROM events").firstRow?.decode(Int.self, at: 0) ?? -1
    }
}
