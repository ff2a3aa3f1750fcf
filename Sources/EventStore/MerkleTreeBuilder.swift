/// Grows a Merkle tree leaf by leaf, keeping only its right edge: each new leaf yields its own
/// node and every complete subtree it closes (on average two nodes a leaf, O(log n) at most).
public struct MerkleTreeBuilder: Sendable {
    /// A complete subtree and its hash.
    public struct Completed: Sendable, Hashable {
        public var level: Int
        public var index: Int64
        public var hash: [UInt8]
    }

    public private(set) var size: Int64
    /// edge[level]: the last complete subtree at that level still waiting for its right sibling.
    private var edge: [Int: [UInt8]] = [:]
    /// The nodes completed since the builder started (when it keeps them).
    public private(set) var completed: [Completed] = []
    let keepsNodes: Bool

    /// A builder for a tree of `size` leaves whose right-edge subtrees `edgeHash(level, index)`
    /// gives; `keepsNodes`: whether to collect the completed nodes (to store them).
    public init(size: Int64 = 0, keepsNodes: Bool = true, edgeHash: (Int, Int64) -> [UInt8]? = { _, _ in nil }) {
        self.size = size
        self.keepsNodes = keepsNodes
        for level in 0..<63 where (size >> level) & 1 == 1 {
            if let hash = edgeHash(level, (size >> level) - 1) { edge[level] = hash }
        }
    }

    public mutating func append(leaf: [UInt8]) {
        var index = size, level = 0, hash = leaf
        if keepsNodes { completed.append(Completed(level: 0, index: index, hash: hash)) }
        while index & 1 == 1, let left = edge[level] {
            hash = MerkleTree.nodeHash(left, hash)
            edge[level] = nil
            index >>= 1
            level += 1
            if keepsNodes { completed.append(Completed(level: level, index: index, hash: hash)) }
        }
        edge[level] = hash
        size += 1
    }

    /// The root of the tree so far, from its right edge alone.
    public var root: [UInt8] {
        var result: [UInt8]?
        for level in 0..<63 where (size >> level) & 1 == 1 {
            guard let hash = edge[level] else { continue }
            result = result.map { MerkleTree.nodeHash(hash, $0) } ?? hash
        }
        return result ?? MerkleTree.emptyRoot
    }
}
