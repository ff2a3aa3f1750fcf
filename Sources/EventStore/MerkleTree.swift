import Crypto

/// The Merkle tree over the log, as RFC 9162 (Certificate Transparency 2.0) section 2.1 defines
/// it: leaf hash `SHA-256(0x00 || leaf data)`, node hash `SHA-256(0x01 || left || right)`, the
/// tree of `n` leaves split at the largest power of two below `n`. The leaf data of an event is
/// its canonical bytes (``EventHash/canonicalBytes(_:)``); leaf `i` is the event at position
/// `i + 1`.
///
/// Hashes of complete subtrees (`2^level` leaves starting at `index * 2^level`) come from a
/// lookup, so a tree stored as its complete subtrees answers any root and proof with
/// O(log n) lookups; ``nodesNeeded(_:)`` says which, so they can be read in one query.
public enum MerkleTree {
    /// A complete subtree: `2^level` leaves from leaf `index * 2^level`.
    public struct Node: Hashable, Sendable {
        public var level: Int
        public var index: Int64

        public init(level: Int, index: Int64) {
            self.level = level
            self.index = index
        }
    }

    /// The root of the empty tree: SHA-256 of nothing.
    public static let emptyRoot = Array(SHA256.hash(data: [UInt8]()))

    public static func leafHash(_ data: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: Array(data))
        return Array(hasher.finalize())
    }

    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two smaller than `n` (n > 1).
    static func split(_ n: Int64) -> Int64 {
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[start..<end]): one complete subtree, or the hash of the two halves.
    public static func hash(_ start: Int64, _ end: Int64, _ node: (Node) throws -> [UInt8]) rethrows -> [UInt8] {
        let size = end - start
        guard size > 0 else { return emptyRoot }
        if size & (size - 1) == 0, start % size == 0 {
            return try node(Node(level: size.trailingZeroBitCount, index: start / size))
        }
        let k = split(size)
        return nodeHash(try hash(start, start + k, node), try hash(start + k, end, node))
    }

    /// The root of the tree of the first `size` leaves.
    public static func root(size: Int64, _ node: (Node) throws -> [UInt8]) rethrows -> [UInt8] {
        try hash(0, size, node)
    }

    /// The audit path of leaf `index` in the tree of `size` leaves (RFC 9162 2.1.3.1), nearest
    /// the leaf first; nil when the tree does not hold that leaf.
    public static func inclusionProof(index: Int64, size: Int64, _ node: (Node) throws -> [UInt8]) rethrows -> [[UInt8]]? {
        guard index >= 0, index < size else { return nil }
        return try path(index, 0, size, node)
    }

    private static func path(_ m: Int64, _ start: Int64, _ end: Int64, _ node: (Node) throws -> [UInt8]) rethrows -> [[UInt8]] {
        let n = end - start
        guard n > 1 else { return [] }
        let k = split(n)
        if m < k { return try path(m, start, start + k, node) + [hash(start + k, end, node)] }
        return try path(m - k, start + k, end, node) + [hash(start, start + k, node)]
    }

    /// The consistency proof from the tree of `from` leaves to the tree of `to` (RFC 9162 2.1.4.1).
    public static func consistencyProof(from m: Int64, to n: Int64, _ node: (Node) throws -> [UInt8]) rethrows -> [[UInt8]] {
        guard m > 0, m < n else { return [] }
        return try subproof(m, 0, n, true, node)
    }

    private static func subproof(
        _ m: Int64, _ start: Int64, _ end: Int64, _ whole: Bool, _ node: (Node) throws -> [UInt8]
    ) rethrows -> [[UInt8]] {
        let n = end - start
        if m == n { return whole ? [] : [try hash(start, end, node)] }
        let k = split(n)
        if m <= k { return try subproof(m, start, start + k, whole, node) + [hash(start + k, end, node)] }
        return try subproof(m - k, start + k, end, false, node) + [hash(start, start + k, node)]
    }

    /// The complete subtrees `compute` reads, found by running it with placeholder hashes.
    public static func nodesNeeded(_ compute: ((Node) -> [UInt8]) -> Void) -> Set<Node> {
        final class Seen {
            var nodes = Set<Node>()
        }
        let seen = Seen()
        compute { node in
            seen.nodes.insert(node)
            return emptyRoot
        }
        return seen.nodes
    }
}
