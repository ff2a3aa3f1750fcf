import Foundation
import PostgresClient

/// The checkpoints the daemon signed (`log_checkpoints`), newest by tree size. The database
/// stores the signed notes; only the key file's holder can make new ones.
public struct LogCheckpoints: Sendable {
    public let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// The latest signed checkpoint (largest tree), if any.
    public func latest() async throws -> (size: Int64, note: String)? {
        guard let row = try await pool.query("SELECT tree_size, note FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1").firstRow
        else { return nil }
        return (try row.decode(Int64.self, at: 0), try row.decode(String.self, at: 1))
    }

    /// The checkpoint signed for a tree of exactly `size` leaves, if there was one.
    public func note(size: Int64) async throws -> String? {
        try await pool.query("SELECT note FROM log_checkpoints WHERE tree_size = \(size)").firstRow?.decode(String.self, at: 0)
    }

    /// Keeps a witness's cosignature line of the checkpoint at `size` (the first one a witness
    /// sends for a size stays).
    public func addCosignature(size: Int64, witness: String, line: String) async throws {
        try await pool.query(
            """
            INSERT INTO checkpoint_cosignatures (tree_size, witness, line) VALUES (\(size), \(witness), \(line))
            ON CONFLICT DO NOTHING
            """)
    }

    /// The latest checkpoint that a witness cosigned, with every cosignature line appended.
    public func latestCosigned() async throws -> (size: Int64, note: String)? {
        guard
            let row = try await pool.query(
                """
                SELECT c.tree_size, c.note, string_agg(w.line, '' ORDER BY w.witness)
                FROM log_checkpoints c JOIN checkpoint_cosignatures w ON w.tree_size = c.tree_size
                GROUP BY c.tree_size, c.note ORDER BY c.tree_size DESC LIMIT 1
                """
            ).firstRow
        else { return nil }
        return (try row.decode(Int64.self, at: 0), try row.decode(String.self, at: 1) + row.decode(String.self, at: 2))
    }

    /// Signs and stores a checkpoint of the stored tree when it has grown since the latest one
    /// (or none exists yet); returns the new checkpoint, or nil when there was nothing new.
    /// With `previous` (the last checkpoint this signer made, as it remembers it), the new one
    /// must extend it (a consistency proof from the stored tree), or nothing is signed and the
    /// refusal is thrown: the key never signs two conflicting histories.
    public func publish(tree: LogTree, signer: NoteSigner, extending previous: LogCheckpoint? = nil) async throws -> LogCheckpoint? {
        let size = try await tree.size()
        if let previous, size <= previous.size {
            guard size == previous.size else {
                throw LogTreeError(detail: "the tree holds \(size) leaves, fewer than the \(previous.size) already signed: a rollback")
            }
            guard try await tree.root(size: size) == previous.root else {
                throw LogTreeError(detail: "the tree of \(size) leaves has another root than the one signed: history was rewritten")
            }
            return nil
        }
        if let latest = try await latest(), latest.size >= size { return nil }
        let checkpoint = LogCheckpoint(origin: signer.name, size: size, root: try await tree.root(size: size))
        if let previous {
            let proof = try await tree.consistencyProof(from: previous.size, to: size)
            guard
                MerkleProof.verifyConsistency(from: previous.size, to: size, fromRoot: previous.root, toRoot: checkpoint.root, proof: proof)
            else {
                throw LogTreeError(
                    detail: "the tree of \(size) leaves does not extend the signed checkpoint of \(previous.size): history was rewritten")
            }
        }
        let note = try signer.sign(checkpoint.text)
        try await pool.query(
            """
            INSERT INTO log_checkpoints (tree_size, root, note) VALUES (\(size), \(Data(checkpoint.root)), \(note))
            ON CONFLICT (tree_size) DO NOTHING
            """)
        return checkpoint
    }
}
