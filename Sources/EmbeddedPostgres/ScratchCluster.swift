import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A cluster of its own in a new temporary directory, for tests and benchmarks: started with the
/// same code as the embedded default, logging warnings only, and removed with `remove()`.
public struct ScratchCluster: Sendable {
    public let running: RunningPostgres
    /// The temporary directory holding the data directory (and nothing else of value).
    public let root: String

    /// Starts a cluster in `<tmp>/<prefix>-<pid>-<random>/pgdata`.
    public static func start(
        prefix: String, durability: EmbeddedPostgres.Durability, databaseName: String
    ) throws -> ScratchCluster {
        let root = FileManager.default.temporaryDirectory.path + "/\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // The postgres user (when run as root) reaches the data directory through it.
        chmod(root, 0o755)
        var logger = Logger(label: "riwayat.\(prefix)")
        logger.logLevel = .warning
        let cluster = EmbeddedPostgres(dataDirectory: root + "/pgdata", durability: durability, databaseName: databaseName, logger: logger)
        return ScratchCluster(running: try cluster.start(), root: root)
    }

    /// Stops the server at once and deletes its files.
    public func remove() {
        try? running.stop(mode: "immediate")
        try? FileManager.default.removeItem(atPath: root)
    }
}
