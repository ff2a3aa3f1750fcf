import CareerDomain
import Foundation
import PostgresClient

/// The read-model tables and how one employee's rows are written into them.
public enum ReadModelTables {
    /// Every table the employee projection owns: rows of employees' streams (keyed by `nip`),
    /// then rows of agencies' streams (keyed by `stream`).
    public static let names = employeeTables + agencyTables

    static let employeeTables = [
        "employee_current", "employee_periods", "grade_periods", "findings", "training_years", "rating_years", "career_flows",
        "penalty_periods", "competency_levels", "training_competencies", "family_ties", "person_acts", "successors",
        "definitive_posts", "mentorships",
    ]
    static let agencyTables = ["selections", "selection_candidates", "competency_standards", "career_patterns"]

    /// Writes rows straight into the live tables (benchmarks that fill read models without a log).
    public static func insertForBenchmark(_ rows: [EmployeeRows], on connection: PostgresConnection) throws {
        try insert(ProjectedRows(employees: rows), suffix: "", on: connection)
    }

    /// Writes employees' and agencies' rows straight into the live tables (benchmarks).
    public static func insertForBenchmark(_ rows: ProjectedRows, on connection: PostgresConnection) throws {
        try insert(rows, suffix: "", on: connection)
    }

    /// Creates `table + suffix` shaped like each live table, without its indexes (a bulk load
    /// followed by `createIndexes` is faster than keeping indexes up to date row by row).
    static func createShadowTables(suffix: String, on connection: PostgresConnection) throws {
        for table in names {
            try connection.query("DROP TABLE IF EXISTS \(identifier: table + suffix)")
            try connection.query("CREATE TABLE \(identifier: table + suffix) (LIKE \(identifier: table) INCLUDING ALL EXCLUDING INDEXES)")
        }
    }

    /// An index (or key constraint) of a shadow table, named after its live twin plus the suffix
    /// until the swap gives it the live name.
    struct ShadowIndex {
        var table: String, shadowName: String, liveName: String, isConstraint: Bool
    }

    /// Gives each `table + suffix` the indexes and key constraints of its live table, read from
    /// the catalogue, so a migration that adds an index to a read model is followed by rebuilds.
    /// Returns them, for `restoreIndexNames` once the shadow tables have replaced the live ones.
    static func createIndexes(suffix: String, on connection: PostgresConnection) throws -> [ShadowIndex] {
        var created = [ShadowIndex]()
        for table in names {
            let shadow = PostgresQuery.quoteIdentifier(table + suffix)
            let indexes = try connection.query(
                """
                SELECT pg_get_indexdef(i.indexrelid), i.indisunique, pg_get_constraintdef(c.oid), ic.relname, c.conname
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                WHERE i.indrelid = \(table)::regclass ORDER BY i.indexrelid
                """)
            for row in indexes {
                if let constraint = try row.decode(String?.self, at: 2), let name = try row.decode(String?.self, at: 4) {
                    let temporary = shadowName(of: name, suffix: suffix)
                    try connection.runScript(
                        "ALTER TABLE \(shadow) ADD CONSTRAINT \(PostgresQuery.quoteIdentifier(temporary)) \(constraint)")
                    created.append(ShadowIndex(table: table, shadowName: temporary, liveName: name, isConstraint: true))
                    continue
                }
                // "CREATE [UNIQUE] INDEX name ON table USING method (…)": keep what follows USING.
                let definition = try row.decode(String.self, at: 0)
                guard let using = definition.range(of: " USING ") else {
                    throw PostgresError(code: .protocolViolation, message: "unreadable index definition on \(table)")
                }
                let name = try row.decode(String.self, at: 3)
                let temporary = shadowName(of: name, suffix: suffix)
                let unique = try row.decode(Bool.self, at: 1) ? "UNIQUE " : ""
                try connection.runScript(
                    "CREATE \(unique)INDEX \(PostgresQuery.quoteIdentifier(temporary)) ON \(shadow)\(definition[using.lowerBound...])")
                created.append(ShadowIndex(table: table, shadowName: temporary, liveName: name, isConstraint: false))
            }
        }
        return created
    }

    /// Once the live tables are dropped and the shadow ones renamed, gives their indexes and key
    /// constraints the live names again: names stay the same across rebuilds (monitoring, `\d`).
    static func restoreIndexNames(_ indexes: [ShadowIndex], on connection: PostgresConnection) throws {
        for index in indexes {
            if index.isConstraint {
                try connection.query(
                    """
                    ALTER TABLE \(identifier: index.table) RENAME CONSTRAINT \(identifier: index.shadowName) TO
                        \(identifier: index.liveName)
                    """)
            } else {
                try connection.query("ALTER INDEX \(identifier: index.shadowName) RENAME TO \(identifier: index.liveName)")
            }
        }
    }

    /// The role that reads the read models with psql (migration 0011).
    static let readerRole = "riwayat_analyst"

    /// Gives the analysts' role read access to the tables a rebuild has just created (new tables
    /// start with their owner's privileges only); nothing when the role does not exist.
    static func grantReading(on connection: PostgresConnection) throws {
        let exists = try connection.query("SELECT 1 FROM pg_roles WHERE rolname = \(readerRole)").count == 1
        guard exists else { return }
        for table in names {
            try connection.query("GRANT SELECT ON \(identifier: table) TO \(identifier: readerRole)")
        }
    }

    /// `name` plus `suffix`, shortened to PostgreSQL's 63 bytes from the front of `name`.
    static func shadowName(of name: String, suffix: String) -> String {
        var base = Array(name.utf8)
        let room = 63 - suffix.utf8.count
        if base.count > room {
            base = Array(base.prefix(room))
            // Never cut a multi-byte character in half.
            while let last = base.last, last & 0xC0 == 0x80 || last >= 0xC0 { base.removeLast() }
        }
        return String(decoding: base, as: UTF8.self) + suffix
    }

    /// Removes the rows of `streams` (NIPs and agency streams) from the tables named with `suffix`.
    static func delete(nips streams: [String], suffix: String, on connection: PostgresConnection) throws {
        for table in employeeTables {
            try connection.query("DELETE FROM \(identifier: table + suffix) WHERE nip = ANY(\(streams)::text[])")
        }
        let agencies = streams.filter { AgencyRecord.agency(ofStream: $0) != nil }
        guard !agencies.isEmpty else { return }
        for table in agencyTables {
            try connection.query("DELETE FROM \(identifier: table + suffix) WHERE stream = ANY(\(agencies)::text[])")
        }
    }

    /// Writes employees' and agencies' rows into the tables named with `suffix`.
    static func insert(_ rows: ProjectedRows, suffix: String, on connection: PostgresConnection) throws {
        try insert(rows.employees, suffix: suffix, on: connection)
        try insertMerit(rows.employees, suffix: suffix, on: connection)
        try insertAgencies(rows.agencies, suffix: suffix, on: connection)
    }

    /// Writes the rows (by COPY, one statement per table) into the tables named with `suffix`.
    static func insert(_ rows: [EmployeeRows], suffix: String, on connection: PostgresConnection) throws {
        func date(_ value: CivilDate?) -> String? { value?.description }
        func range(_ start: CivilDate, _ end: CivilDate?) -> String { "[\(start),\(end?.description ?? ""))" }
        try copy("employee_current" + suffix, on: connection) { writer in
            for row in rows {
                guard let c = row.current else { continue }
                try writer.writeTextRow([
                    c.nip, c.sex, c.birthDate.description, c.status, c.inService ? "t" : "f", c.grade, date(c.gradeSince),
                    c.postTitle, c.postKind, c.functionalLevel, c.unit, c.agency, c.education, date(c.serviceStart),
                    String(c.serviceYears), c.lastPredikat, c.talentBox.map(String.init), String(c.trainingHoursThisYear),
                    c.retirementDate.description, String(c.openFindings), String(c.lastPosition),
                ])
            }
        }
        try copy("employee_periods" + suffix, on: connection) { writer in
            for row in rows {
                for p in row.periods {
                    try writer.writeTextRow([
                        row.nip.digits, range(p.start, p.end), p.status, p.inService ? "t" : "f", p.grade, p.postTitle, p.postKind,
                        p.functionalLevel, p.unit, p.agency, p.education, row.nip.sex == .female ? "F" : "M", row.nip.birthDate.description,
                    ])
                }
            }
        }
        try copy("grade_periods" + suffix, on: connection) { writer in
            for row in rows {
                for g in row.gradePeriods {
                    try writer.writeTextRow([row.nip.digits, g.grade, range(g.start, g.end), g.unit, g.endedBy, g.agency])
                }
            }
        }
        try copy("findings" + suffix, on: connection) { writer in
            for row in rows {
                for f in row.findings {
                    let ids = "{" + f.eventIDs.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
                    try writer.writeTextRow([
                        row.nip.digits, f.ruleID, f.severity, f.message, ids, f.state, f.unit, f.agency, f.currentUnit, f.currentAgency,
                        date(f.effectiveDate), f.decreeNumber, date(f.decreeDate), f.recordedBy, f.operatorName,
                        f.recordedAt.map { PostgresTimestamp(microsecondsSinceUnixEpoch: $0).description },
                    ])
                }
            }
        }
        try copy("training_years" + suffix, on: connection) { writer in
            for row in rows {
                for (year, hours) in row.trainingYears.sorted(by: { $0.key < $1.key }) {
                    try writer.writeTextRow([row.nip.digits, String(year), String(hours)])
                }
            }
        }
        try copy("rating_years" + suffix, on: connection) { writer in
            for row in rows {
                for (year, predikat) in row.ratingYears.sorted(by: { $0.key < $1.key }) {
                    try writer.writeTextRow([row.nip.digits, String(year), predikat])
                }
            }
        }
        try copy("penalty_periods" + suffix, on: connection) { writer in
            for row in rows {
                for penalty in row.penalties {
                    try writer.writeTextRow([row.nip.digits, penalty.level, "[\(penalty.start),\(penalty.end)]"])
                }
            }
        }
        try copy("career_flows" + suffix, on: connection) { writer in
            for row in rows {
                for flow in row.flows {
                    try writer.writeTextRow([row.nip.digits, flow.day.description, flow.flow, flow.detail, flow.unit, flow.agency])
                }
            }
        }
    }

    static func copy(_ table: String, on connection: PostgresConnection, _ body: (PostgresCopyWriter) throws -> Void) throws {
        try connection.copyFrom(PostgresQuery(unsafeSQL: "COPY \(PostgresQuery.quoteIdentifier(table)) FROM STDIN"), body)
    }
}
