import Foundation
import PostgresClient

/// The Merkle tree over the log as stored in `merkle_nodes` (every complete subtree), grown
/// from the events by ``extend(limit:)`` and read for roots and proofs with one query each.
public struct LogTree: Sendable {
    public let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// How many leaves (events, from position 1) the stored tree holds.
    public func size() async throws -> Int64 {
        try await pool.query("SELECT coalesce(max(index) + 1, 0) FROM merkle_nodes WHERE level = 0").firstRow?.decode(
            Int64.self, at: 0) ?? 0
    }

    /// The stored hashes of `nodes`; a node missing from the store is an error naming it.
    public func hashes(_ nodes: Set<MerkleTree.Node>) async throws -> [MerkleTree.Node: [UInt8]] {
        guard !nodes.isEmpty else { return [:] }
        let list = Array(nodes)
        let rows = try await pool.query(
            """
            SELECT n.level, n.index, n.hash FROM merkle_nodes n
            JOIN unnest(\(list.map(\.level))::int[], \(list.map(\.index))::bigint[]) AS w(level, index)
                ON n.level = w.level AND n.index = w.index
            """)
        var found = [MerkleTree.Node: [UInt8]]()
        for row in rows {
            let node = MerkleTree.Node(level: try row.decode(Int.self, at: 0), index: try row.decode(Int64.self, at: 1))
            found[node] = Array(try row.decode(Data.self, at: 2))
        }
        if let missing = list.first(where: { found[$0] == nil }) {
            throw LogTreeError(detail: "the stored tree lacks node (level \(missing.level), index \(missing.index))")
        }
        return found
    }

    /// Runs `compute` over the stored nodes it needs, read in one query.
    func withNodes<T>(_ compute: @escaping ((MerkleTree.Node) throws -> [UInt8]) throws -> T) async throws -> T {
        let needed = MerkleTree.nodesNeeded { lookup in _ = try? compute(lookup) }
        let found = try await hashes(needed)
        return try compute { node in
            guard let hash = found[node] else { throw LogTreeError(detail: "node (\(node.level), \(node.index)) was not read") }
            return hash
        }
    }

    /// The root of the tree of the first `size` leaves (size at most the stored size).
    public func root(size: Int64) async throws -> [UInt8] {
        try await withNodes { try MerkleTree.root(size: size, $0) }
    }

    /// The audit path of leaf `index` in the tree of `size` leaves, or nil when out of range.
    public func inclusionProof(index: Int64, size: Int64) async throws -> [[UInt8]]? {
        try await withNodes { try MerkleTree.inclusionProof(index: index, size: size, $0) }
    }

    /// The leaf hash and audit path of each of `indexes` in the tree of `size` leaves, read in one
    /// query; nil for an index out of range.
    public func inclusion(indexes: [Int64], size: Int64) async throws -> [(leaf: [UInt8], proof: [[UInt8]])?] {
        try await withNodes { lookup in
            try indexes.map { index in
                guard let proof = try MerkleTree.inclusionProof(index: index, size: size, lookup) else { return nil }
                return (try lookup(MerkleTree.Node(level: 0, index: index)), proof)
            }
        }
    }

    /// The consistency proof between the trees of `from` and `to` leaves.
    public func consistencyProof(from: Int64, to: Int64) async throws -> [[UInt8]] {
        try await withNodes { try MerkleTree.consistencyProof(from: from, to: to, $0) }
    }

    /// Adds the next events (at most `limit`) as leaves, with every subtree they complete, in one
    /// transaction; returns the tree's size after. Concurrent builders compute the same nodes
    /// (the first one stored stays).
    @discardableResult
    public func extend(limit: Int = 10_000) async throws -> Int64 {
        let size = try await self.size()
        // The tree's last leaf's event (to check it is still the one the tree holds) and the new ones, in one read.
        let store = EventStore(pool: pool)
        var events = try await store.readAll(after: max(0, size - 1), limit: limit + (size > 0 ? 1 : 0))[...]
        var last: RecordedEvent?
        if size > 0 {
            guard let first = events.first, first.position == size else {
                throw LogTreeError(detail: "the log has no event at position \(size), the tree's last leaf")
            }
            last = first
            events = events.dropFirst()
        }
        guard !events.isEmpty else { return size }
        // The right edge: the complete subtrees a new leaf may pair with, and the last leaf.
        var edgeNodes = Set<MerkleTree.Node>()
        for level in 0..<63 where (size >> level) & 1 == 1 {
            edgeNodes.insert(MerkleTree.Node(level: level, index: (size >> level) - 1))
        }
        if size > 0 { edgeNodes.insert(MerkleTree.Node(level: 0, index: size - 1)) }
        let edge = try await hashes(edgeNodes)
        // Each new leaf's event must carry its own hash and link to the one before, and the tree's
        // last leaf must still be the event at its position (a log cut back and appended again
        // under the tree is not extended).
        var previous = EventHash.genesis
        if let last {
            guard EventHash.leafHash(last) == edge[MerkleTree.Node(level: 0, index: size - 1)] else {
                throw LogTreeError(detail: "the event at position \(size), the tree's last leaf, is not the one the tree holds")
            }
            previous = last.hash
        }
        var builder = MerkleTreeBuilder(size: size) { level, index in edge[MerkleTree.Node(level: level, index: index)] }
        for event in events {
            guard event.position == builder.size + 1 else {
                throw LogTreeError(detail: "the log has no event at position \(builder.size + 1) after \(size) leaves")
            }
            let (hash, leaf) = EventHash.computeWithLeaf(event)
            guard event.previousHash == previous, hash == event.hash else {
                throw LogTreeError(detail: "the event at position \(event.position) does not match its hash or link")
            }
            previous = event.hash
            builder.append(leaf: leaf)
        }
        let nodes = builder.completed
        try await pool.query(
            """
            INSERT INTO merkle_nodes (level, index, hash)
            SELECT * FROM unnest(\(nodes.map(\.level))::int[], \(nodes.map(\.index))::bigint[], \(nodes.map { Data($0.hash) })::bytea[])
            ON CONFLICT DO NOTHING
            """)
        return builder.size
    }
}

/// The stored tree does not hold what was asked of it, or the log has a gap.
public struct LogTreeError: Error, CustomStringConvertible, Sendable {
    public var detail: String

    public init(detail: String) {
        self.detail = detail
    }

    public var description: String { detail }
}
