import PostgresClient
import SchemaMigrations

/// Facts about the event store's schema that every migration must preserve.
public enum EventStoreSchema {
    /// The role the service appends as: it may only SELECT and INSERT events.
    public static let writerRole = "riwayat_writer"
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
            let enabled = try connection.query("""
                SELECT tgenabled <> 'D' FROM pg_trigger
                WHERE tgrelid = 'events'::regclass AND tgname = \(trigger) AND NOT tgisinternal
                """).firstRow?.decode(Bool.self, at: 0)
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
                    "SELECT has_table_privilege(\(writerRole), 'events', \(privilege))").firstRow?.decode(Bool.self, at: 0)
                if granted == true { violations.append("role \(writerRole) may \(privilege) events") }
            }
        }
        // Nobody but the owner may change rows (superusers are stopped by the triggers).
        let grantees = try connection.query("""
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
