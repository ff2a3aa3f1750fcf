import Foundation

/// A checkpoint of the log in the C2SP tlog-checkpoint format: the origin line naming this
/// register, the tree size in decimal, the root hash in base64, each ending in a newline. Signed
/// as a C2SP signed note (``NoteSigner``), it commits the register to every event below that size.
public struct LogCheckpoint: Sendable, Hashable {
    public var origin: String
    public var size: Int64
    public var root: [UInt8]

    public init(origin: String, size: Int64, root: [UInt8]) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note text: `origin\nsize\nbase64(root)\n`.
    public var text: String { "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n" }

    /// Reads a checkpoint's text (extension lines after the third are allowed and ignored).
    public init(text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.count >= 4 else {
            throw NoteKeyError(detail: "a checkpoint is an origin, a size and a root hash, each on its own line")
        }
        guard let size = Int64(lines[1]), size >= 0, String(size) == lines[1] else {
            throw NoteKeyError(detail: "the checkpoint's size is not a decimal number: \(lines[1].prefix(30))")
        }
        guard let root = Data(base64Encoded: String(lines[2])), root.count == 32 else {
            throw NoteKeyError(detail: "the checkpoint's root is not 32 bytes in base64")
        }
        self.init(origin: String(lines[0]), size: size, root: Array(root))
    }

    /// Reads a signed checkpoint after checking its signature by `verifier` and its origin.
    public static func verified(_ note: String, by verifier: NoteVerifier) throws -> LogCheckpoint {
        let checkpoint = try LogCheckpoint(text: try verifier.verify(note))
        guard checkpoint.origin == verifier.name else {
            throw NoteKeyError(detail: "the checkpoint names origin \(checkpoint.origin), the key \(verifier.name)")
        }
        return checkpoint
    }
}
