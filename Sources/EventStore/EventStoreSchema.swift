import Logging
import PostgresClient
import SchemaMigrations

/// Facts about the event store's schema that every migration must preserve, and the roles it is
/// used through.
public enum EventStoreSchema {
    /// The role the service appends as: it may only SELECT and INSERT events.
    public static let writerRole = "riwayat_writer"
    /// The login role of the daemon and the commands (a `riwayat_writer`; owns the read models).
    public static let appRole = "riwayat_app"
    /// The login role that writes the access log, and nothing else.
    public static let accessLoggerRole = "riwayat_access_logger"
    /// Read-only access to the read models, for analysts with psql.
    public static let analystRole = "riwayat_analyst"

    /// The migrator for the migrations and `privileges.sql` in `directory`, with this schema's
    /// invariants and privilege checks.
    public static func migrator(directory: String, logger: Logger = Logger(label: "riwayat.migrate")) throws -> Migrator {
        Migrator(
            migrations: try Migration.load(directory: directory), invariants: invariants,
            privileges: try Migration.loadPrivileges(directory: directory), privilegeChecks: [privilegeProblems], logger: logger)
    }

    /// Everything about the privileges that is not as intended, in words; empty when sound: no
    /// SECURITY DEFINER function executable by PUBLIC, nobody but `riwayat_writer` granted to
    /// append (directly), nobody granted to change events or the access log, nobody but
    /// `riwayat_access_logger` granted to write the access log.
    public static func privilegeProblems(on connection: PostgresConnection) throws -> [String] {
        var problems = [String]()
        for row in try connection.query(
            """
            SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                          WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
            ORDER BY 1
            """)
        {
            problems.append("SECURITY DEFINER function \(try row.decode(String.self, at: 0)) is executable by PUBLIC")
        }
        // A SECURITY DEFINER function must search pg_temp last (else a caller's temporary table
        // could stand in for the log inside it).
        for row in try connection.query(
            """
            SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(p.proconfig, '{}')) c WHERE c LIKE 'search_path=%pg_temp')
            ORDER BY 1
            """)
        {
            problems.append("SECURITY DEFINER function \(try row.decode(String.self, at: 0)) does not search pg_temp last")
        }
        // Columns of the access log anyone but its role may insert, or that its role may set
        // though the server sets them (id, at).
        for row in try connection.query(
            """
            SELECT a.attname, coalesce(r.rolname, 'PUBLIC') FROM pg_attribute a
            CROSS JOIN LATERAL aclexplode(a.attacl) x LEFT JOIN pg_roles r ON r.oid = x.grantee
            WHERE a.attrelid = 'access_log'::regclass AND a.attacl IS NOT NULL AND x.privilege_type IN ('INSERT', 'UPDATE')
            ORDER BY 1, 2
            """)
        {
            let (column, role) = try row.decode((String, String).self)
            if role != accessLoggerRole || column == "id" || column == "at" { problems.append("\(role) may set access_log.\(column)") }
        }
        // Direct grants on the log, the head and the access log, other than the intended ones.
        for row in try connection.query(
            """
            SELECT c.relname, coalesce(r.rolname, 'PUBLIC'), a.privilege_type
            FROM pg_class c CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
            LEFT JOIN pg_roles r ON r.oid = a.grantee
            WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN ('events', 'event_log_head', 'access_log', 'api_tokens')
              AND a.grantee <> c.relowner
            ORDER BY 1, 2, 3
            """)
        {
            let (table, role, privilege) = try row.decode((String, String, String).self)
            let intended: Bool
            switch (table, privilege) {
            case ("events", "SELECT"), ("events", "INSERT"), ("event_log_head", "SELECT"): intended = role == writerRole
            case ("access_log", "INSERT"): intended = false  // column by column, and not id or time (checked above)
            case ("access_log", "SELECT"), ("api_tokens", "SELECT"), ("api_tokens", "INSERT"), ("api_tokens", "UPDATE"):
                intended = role == appRole
            default: intended = false
            }
            if !intended { problems.append("\(role) may \(privilege) \(table)") }
        }
        for row in try connection.query(
            """
            SELECT p.oid::regprocedure::text, coalesce(r.rolname, 'PUBLIC')
            FROM pg_proc p CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            LEFT JOIN pg_roles r ON r.oid = a.grantee
            WHERE p.proname IN ('riwayat_append_one', 'riwayat_first_load_begin', 'riwayat_first_load_finish', 'riwayat_check_first_load')
              AND a.grantee <> p.proowner AND a.privilege_type = 'EXECUTE'
            ORDER BY 1, 2
            """)
        {
            let (function, role) = try row.decode((String, String).self)
            if role != writerRole || function.hasPrefix("riwayat_check_first_load") {
                problems.append("\(role) may execute \(function)")
            }
        }
        return problems
    }
    /// The channel the append trigger notifies with the new head position.
    public static let notificationChannel = "riwayat_events"

    /// Checked inside each migration's transaction; a migration that breaks one is rolled back.
    public static let invariants: [MigrationInvariant] = [
        MigrationInvariant(name: "events are immutable") { connection in
            try immutabilityViolations(on: connection).first
        }
    ]

    /// Everything that would let an event be changed or removed, in words; empty when sound.
    public static func immutabilityViolations(on connection: PostgresConnection) throws -> [String] {
        let exists = try connection.query("SELECT to_regclass('events') IS NOT NULL").firstRow?.decode(Bool.self, at: 0) ?? false
        guard exists else { return [] }
        var violations = [String]()
        for trigger in ["events_no_update_or_delete", "events_no_truncate", "events_append"] {
            let enabled = try connection.query(
                """
                SELECT tgenabled <> 'D' FROM pg_trigger
                WHERE tgrelid = 'events'::regclass AND tgname = \(trigger) AND NOT tgisinternal
                """
            ).firstRow?.decode(Bool.self, at: 0)
            switch enabled {
            case nil: violations.append("trigger \(trigger) on events is missing")
            case false?: violations.append("trigger \(trigger) on events is disabled")
            default: break
            }
        }
        let writerExists = try connection.query("SELECT 1 FROM pg_roles WHERE rolname = \(writerRole)").count == 1
        if !writerExists {
            violations.append("role \(writerRole) is missing")
        } else {
            for privilege in ["UPDATE", "DELETE", "TRUNCATE"] {
                let granted = try connection.query(
                    "SELECT has_table_privilege(\(writerRole), 'events', \(privilege))"
                ).firstRow?.decode(Bool.self, at: 0)
                if granted == true { violations.append("role \(writerRole) may \(privilege) events") }
            }
        }
        // Nobody but the owner may change rows (superusers are stopped by the triggers).
        let grantees = try connection.query(
            """
            SELECT DISTINCT coalesce(r.rolname, 'PUBLIC'), a.privilege_type
            FROM pg_class c, aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
            WHERE c.oid = 'events'::regclass AND a.grantee <> c.relowner
              AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
            ORDER BY 1, 2
            """)
        for row in grantees {
            let (role, privilege) = try row.decode((String, String).self)
            if role != writerRole { violations.append("role \(role) may \(privilege) events") }
        }
        return violations
    }
}
