import Crypto
import EventStore
import Foundation
import Testing

/// A tree kept whole in memory: every complete subtree by the builder, for the proofs' lookups.
struct MemoryTree {
    var leaves: [[UInt8]] = []
    var nodes: [MerkleTree.Node: [UInt8]] = [:]

    init(leafData: [[UInt8]]) {
        var builder = MerkleTreeBuilder()
        for data in leafData {
            let leaf = MerkleTree.leafHash(data)
            leaves.append(leaf)
            builder.append(leaf: leaf)
        }
        for node in builder.completed { nodes[MerkleTree.Node(level: node.level, index: node.index)] = node.hash }
    }

    func lookup(_ node: MerkleTree.Node) throws -> [UInt8] {
        guard let hash = nodes[node] else { throw LogTreeError(detail: "no node \(node)") }
        return hash
    }

    func root(_ size: Int64) -> [UInt8] { (try? MerkleTree.root(size: size, lookup)) ?? [] }
}

/// The tree as RFC 9162 defines it, written out directly (no stored subtrees): the reference.
func referenceRoot(_ leafData: ArraySlice<[UInt8]>) -> [UInt8] {
    guard leafData.count > 1 else { return leafData.first.map { MerkleTree.leafHash($0) } ?? MerkleTree.emptyRoot }
    var k = 1
    while k * 2 < leafData.count { k *= 2 }
    let start = leafData.startIndex
    return MerkleTree.nodeHash(referenceRoot(leafData[start..<start + k]), referenceRoot(leafData[(start + k)...]))
}

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

@Suite("Merkle tree (RFC 9162)")
struct MerkleTreeTests {
    /// The Certificate Transparency reference leaves and the roots of their first 1 … 8.
    static let vectorLeaves: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43], Array(0x50...0x57), Array(0x60...0x6f),
    ]
    static let vectorRoots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test("known answers: the reference leaves give the reference roots, stored or built")
    func knownAnswers() {
        #expect(hex(MerkleTree.emptyRoot) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let tree = MemoryTree(leafData: Self.vectorLeaves)
        for size in 1...8 {
            #expect(hex(tree.root(Int64(size))) == Self.vectorRoots[size - 1], "root of \(size)")
            var builder = MerkleTreeBuilder()
            for leaf in tree.leaves.prefix(size) { builder.append(leaf: leaf) }
            #expect(hex(builder.root) == Self.vectorRoots[size - 1], "built root of \(size)")
        }
    }

    @Test("every size up to 300: roots match the reference, every inclusion and consistency proof verifies, altered ones fail")
    func proofsUpToThreeHundred() throws {
        let data = (0..<300).map { Array("leaf \($0)".utf8) }
        let tree = MemoryTree(leafData: data)
        for size in 1...300 {
            let n = Int64(size)
            let root = tree.root(n)
            #expect(root == referenceRoot(data[0..<size]), "root \(size)")
            // Every leaf for small trees, a spread of leaves beyond.
            let indexes = size <= 64 ? Array(0..<size) : [0, 1, size / 3, size / 2, size - 2, size - 1]
            for index in indexes {
                let proof = try #require(try MerkleTree.inclusionProof(index: Int64(index), size: n, tree.lookup))
                #expect(MerkleProof.verifyInclusion(leafHash: tree.leaves[index], index: Int64(index), size: n, proof: proof, root: root))
                if size < 300 {
                    #expect(
                        !MerkleProof.verifyInclusion(
                            leafHash: tree.leaves[index], index: Int64(index), size: n, proof: proof, root: tree.root(n + 1)))
                }
                if size > 1 {
                    let other = (index + 1) % size
                    #expect(
                        !MerkleProof.verifyInclusion(leafHash: tree.leaves[other], index: Int64(index), size: n, proof: proof, root: root))
                    var bent = proof
                    bent[0][0] ^= 1
                    #expect(
                        !MerkleProof.verifyInclusion(leafHash: tree.leaves[index], index: Int64(index), size: n, proof: bent, root: root))
                }
            }
            #expect(try MerkleTree.inclusionProof(index: n, size: n, tree.lookup) == nil)
            let froms = size <= 64 ? Array(1...size) : [1, 2, 7, 8, size / 2, size - 1, size]
            for from in froms {
                let m = Int64(from)
                let proof = try MerkleTree.consistencyProof(from: m, to: n, tree.lookup)
                let old = tree.root(m)
                #expect(MerkleProof.verifyConsistency(from: m, to: n, fromRoot: old, toRoot: root, proof: proof), "\(from) → \(size)")
                if from < size {
                    var forked = old
                    forked[31] ^= 1
                    #expect(!MerkleProof.verifyConsistency(from: m, to: n, fromRoot: forked, toRoot: root, proof: proof))
                    #expect(!MerkleProof.verifyConsistency(from: m, to: n, fromRoot: old, toRoot: forked, proof: proof))
                    if !proof.isEmpty {
                        #expect(!MerkleProof.verifyConsistency(from: m, to: n, fromRoot: old, toRoot: root, proof: Array(proof.dropLast())))
                    }
                }
            }
        }
    }

    @Test("random sizes beyond: proofs verify, a rewritten leaf breaks consistency with the earlier root")
    func randomLargerTrees() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let size = Int.random(in: 301...5000, using: &generator)
            let data = (0..<size).map { Array("event \($0)".utf8) }
            let tree = MemoryTree(leafData: data)
            let n = Int64(size), index = Int64.random(in: 0..<n, using: &generator), m = Int64.random(in: 1...n, using: &generator)
            let proof = try #require(try MerkleTree.inclusionProof(index: index, size: n, tree.lookup))
            #expect(proof.count <= 13)
            #expect(MerkleProof.verifyInclusion(leafHash: tree.leaves[Int(index)], index: index, size: n, proof: proof, root: tree.root(n)))
            let consistency = try MerkleTree.consistencyProof(from: m, to: n, tree.lookup)
            #expect(MerkleProof.verifyConsistency(from: m, to: n, fromRoot: tree.root(m), toRoot: tree.root(n), proof: consistency))
            // History rewritten below m: the new tree is not an extension of the old one.
            var rewritten = data
            rewritten[Int(m) - 1] = Array("forged".utf8)
            let forged = MemoryTree(leafData: rewritten)
            let forgedProof = try MerkleTree.consistencyProof(from: m, to: n, forged.lookup)
            #expect(!MerkleProof.verifyConsistency(from: m, to: n, fromRoot: tree.root(m), toRoot: forged.root(n), proof: forgedProof))
        }
    }

    @Test("a builder resumed from the stored right edge continues with the same nodes")
    func resumedBuilder() {
        let data = (0..<77).map { Array("r\($0)".utf8) }
        let whole = MemoryTree(leafData: data)
        for cut in [0, 1, 2, 31, 32, 33, 64, 76] {
            var resumed = MerkleTreeBuilder(size: Int64(cut)) { level, index in whole.nodes[MerkleTree.Node(level: level, index: index)] }
            for leaf in whole.leaves[cut...] { resumed.append(leaf: leaf) }
            #expect(resumed.root == whole.root(77), "resumed at \(cut)")
            for node in resumed.completed {
                #expect(whole.nodes[MerkleTree.Node(level: node.level, index: node.index)] == node.hash)
            }
        }
    }
}
