import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient

extension EmployeeProjection {
    /// Brings rows that depend on "today" up to date after the date moved from `since` to
    /// today: employees with events taking effect in between are recomputed (a promotion with a
    /// future TMT becomes current on its day). When the year changed, everything is rebuilt
    /// (training JP "this year" changes for everyone). Returns how many employees changed.
    @discardableResult
    public func refresh(since: CivilDate) async throws -> Int {
        let day = today()
        guard day > since else { return 0 }
        if day.year != since.year {
            try await rebuild()
            return -1
        }
        let logger = self.logger
        let name = Self.name
        return try await store.pool.withConnection { connection in
            try connection.withTransaction { connection in
                // Holding the checkpoint row keeps incremental batches out while we rewrite rows.
                guard
                    let position = try connection.query(
                        "SELECT position FROM projection_checkpoints WHERE name = \(name) FOR UPDATE"
                    ).firstRow?.decode(Int64.self, at: 0)
                else { return 0 }
                let from = PostgresDate(daysSinceUnixEpoch: since.dayNumber), to = PostgresDate(daysSinceUnixEpoch: day.dayNumber)
                // Employees with events taking effect in between, and those whose retirement date
                // (BUP) passed meanwhile (still in service: a finding from that day on).
                let nips = try connection.query(
                    """
                    SELECT DISTINCT stream FROM events
                    WHERE effective_date > \(from) AND effective_date <= \(to) AND position <= \(position)
                    UNION
                    SELECT nip FROM employee_current WHERE in_service AND retirement_date > \(from) AND retirement_date <= \(to)
                    """
                ).map { try $0.decode(String.self, at: 0) }
                guard !nips.isEmpty else { return 0 }
                let events = try EventStore.streams(nips, through: position, on: connection)
                let rows = Self.rows(for: events, today: day, policy: policy, logger: logger)
                let before = try CrossStreamFindings.affected(by: nips, on: connection)
                try ReadModelTables.delete(nips: nips, suffix: "", on: connection)
                try ReadModelTables.insert(rows, suffix: "", on: connection)
                try CrossStreamFindings.refresh(before.union(try CrossStreamFindings.affected(by: nips, on: connection)), on: connection)
                return rows.employees.count
            }
        }
    }
}
