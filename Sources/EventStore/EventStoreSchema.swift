import PostgresClient
import SchemaMigrations

/// Facts about the event store's schema that every migration must preserve.
public enum EventStoreSchema {
    /// Checked inside each migration's transaction; a migration that breaks one is rolled back.
    public static let invariants: [MigrationInvariant] = []
}
