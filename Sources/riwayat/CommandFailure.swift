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

/// Prints an error for a person and exits non-zero, without a stack trace.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}
