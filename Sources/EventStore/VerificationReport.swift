import Foundation
import PostgresClient

/// The outcome of `riwayat verify`.
public struct VerificationReport: Sendable, Hashable {
    /// Events whose hash and link were checked before the first break (all of them when sound).
    public var checked: Int64
    /// The last verified position and hash.
    public var head: LogHead
    /// The first break, or `nil` when the whole log proves itself.
    public var firstBreak: ChainBreak?
    /// Whether a seal was checked and the log extends it.
    public var extendsSeal: Bool?
    /// The Merkle tree's roots at the sizes asked for (those the verified events reach).
    public var treeRoots: [Int64: [UInt8]]? = nil
}
