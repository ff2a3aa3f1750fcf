import Foundation
import PostgresClient

/// The server-only floors the benchmarks compare against: rows written by raw binary `COPY` into
/// tables shaped like the real ones, and the same indexes built afterwards.
enum ServerFloor {
    /// The definitions of `table`'s indexes, rewritten for `clone` (index names prefixed by it).
    static func indexDefinitions(of table: String, for clone: String, on pool: PostgresConnectionPool) async throws -> [String] {
        let rows = try await pool.query(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = \(table) ORDER BY indexname")
        return try rows.map { row in
            let (name, definition) = try row.decode((String, String).self)
            return
                definition
                .replacingOccurrences(of: " INDEX \(name) ON ", with: " INDEX \(clone)_\(name) ON ")
                .replacingOccurrences(of: " ON public.\(table) ", with: " ON public.\(clone) ")
        }
    }

    /// Seconds to build `table`'s indexes on `clone` (which holds the same rows).
    static func buildIndexes(of table: String, on clone: String, pool: PostgresConnectionPool) async throws -> Double {
        let definitions = try await indexDefinitions(of: table, for: clone, on: pool)
        let started = ContinuousClock.now
        for definition in definitions { try await pool.query(PostgresQuery(unsafeSQL: definition)) }
        return seconds(since: started)
    }

    /// Seconds to write the current rows of every table in `tables` by raw binary COPY into empty
    /// copies of them (no indexes), then build the same indexes on those copies. The rows are
    /// read out first, untimed; the copies are dropped afterwards. Returns the time and the rows.
    static func copyAndIndex(_ tables: [String], pool: PostgresConnectionPool) async throws -> (seconds: Double, rows: Int) {
        var total = 0.0
        var rows = 0
        for table in tables {
            let clone = "floor_\(table)"
            let bytes = try await pool.withConnection { connection -> [UInt8] in
                var bytes = [UInt8]()
                _ = try connection.copyTo(PostgresQuery(unsafeSQL: "COPY \(table) TO STDOUT (FORMAT binary)")) { bytes += $0 }
                return bytes
            }
            try await pool.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(clone)"))
            try await pool.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(clone) (LIKE \(table))"))
            let started = ContinuousClock.now
            rows += try await pool.withConnection { connection in
                try connection.withTransaction { connection in
                    try connection.copyFrom(PostgresQuery(unsafeSQL: "COPY \(clone) FROM STDIN (FORMAT binary)")) { try $0.write(bytes) }
                }
            }
            total += seconds(since: started)
            total += try await buildIndexes(of: table, on: clone, pool: pool)
            try await pool.query(PostgresQuery(unsafeSQL: "DROP TABLE \(clone)"))
        }
        return (total, rows)
    }
}
