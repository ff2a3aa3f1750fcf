import ArgumentParser
import CareerDomain
import EmbeddedPostgres
import EventStore
import Foundation
import Logging
import NIOPosix
import PostgresClient
import QueryDaemon
import SchemaMigrations
import UnixSignals

/// Who a command acts as: the system account of the operating-system user running it.
enum CommandIdentity {
    /// `system:cli.USER` (the user name reduced to a-z, 0-9, '.', '_', '-').
    static let person: String = {
        var name = "unknown"
        if let entry = getpwuid(geteuid()), let raw = entry.pointee.pw_name {
            name = String(cString: raw)
        }
        let cleaned = String(
            name.lowercased().unicodeScalars.map { scalar -> Character in
                let allowed =
                    ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-"
                return allowed ? Character(scalar) : "-"
            }.prefix(60))
        return "system:cli." + (cleaned.isEmpty ? "unknown" : cleaned)
    }()

    /// The recorder of events this command writes.
    static func recorder(source: String, migrated: Bool = false) -> Recorder {
        Recorder(person: person, source: source, migrated: migrated)
    }
}
