import Foundation

/// A JSON text (RFC 8259) parsed once into a flat list of values in document order: the input
/// to `CatalogueJSONDecoder`. Every object and array records where its subtree ends, so a
/// reader can step over a value without looking inside it. Strings and numbers stay as bytes
/// until someone asks for them.
final class JSONTape {
    /// What a value is.
    enum Kind: UInt8 {
        case object, array, string, number, `true`, `false`, null

        var described: String {
            switch self {
            case .object: return "a dictionary"
            case .array: return "an array"
            case .string: return "a string"
            case .number: return "a number"
            case .true, .false: return "a bool"
            case .null: return "null"
            }
        }
    }

    /// One value: its kind, its bytes and (for objects and arrays) its children.
    struct Node {
        var kind: Kind
        /// Strings: a backslash escape occurs inside. Numbers: a fraction or exponent occurs.
        var flagged: Bool
        /// Byte offset of the first byte (the quote of a string, the bracket of a container).
        var start: Int32
        /// Byte offset just past the value.
        var end: Int32
        /// Node index just past this value and everything inside it.
        var next: Int32
        /// Members (objects: key and value count as one) or elements (arrays).
        var count: Int32
    }

    /// Why a text is not JSON, with the byte offset where reading stopped.
    struct Malformed: Error {
        var offset: Int
        var reason: String
        /// Where the problem lies, as JSON pointer tokens (`["events", "0"]`), for the problems
        /// strict reading finds in well-formed text (a key given twice); empty otherwise.
        var path: [String] = []

        /// The rule for an error message: `is not valid JSON (… at byte N)`.
        var rule: String { path.isEmpty ? "is not valid JSON (\(reason) at byte \(offset))" : reason }
    }

    static let maximumDepth = 256

    let bytes: [UInt8]
    let nodes: [Node]
    /// Read as input from outside: integers must then be written as whole numbers too.
    let strict: Bool

    /// Parses `bytes`; throws `Malformed` unless it is exactly one JSON value.
    ///
    /// `strict` is for input from outside (requests, files): a key repeated in one object, a NUL
    /// character (`\u0000`), an unpaired UTF-16 surrogate escape or bytes that are not UTF-8 are
    /// refused, wherever they occur, and an integer field written with a fraction or exponent
    /// (`20.0`, `2e1`) is refused when read. Without it (documents the store already holds) the last of
    /// repeated keys wins, as in `jsonb`, and strings are validated only when read.
    init(_ bytes: [UInt8], strict: Bool = false) throws {
        guard bytes.count < Int(Int32.max) else { throw Malformed(offset: 0, reason: "is too large") }
        self.bytes = bytes
        self.strict = strict
        nodes = try bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, strict: strict)
            parser.nodes.reserveCapacity(32)
            try parser.value()
            parser.skipSpace()
            guard parser.index == buffer.count else { throw Malformed(offset: parser.index, reason: "has text after the value") }
            return parser.nodes
        }
    }

    /// The bytes of node `index`, exactly as written.
    func raw(_ index: Int) -> ArraySlice<UInt8> {
        bytes[Int(nodes[index].start)..<Int(nodes[index].end)]
    }

    /// The single-pass, validating reader behind `init`.
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var depth = 0
        var nodes: [Node] = []
        let strict: Bool

        init(bytes: UnsafeBufferPointer<UInt8>, strict: Bool) {
            self.bytes = bytes
            self.strict = strict
        }

        func fail(_ reason: String) -> Malformed { Malformed(offset: index, reason: reason) }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func value() throws {
            skipSpace()
            guard index < bytes.count else { throw fail("ends where a value was expected") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try container(object: true)
            case UInt8(ascii: "["): try container(object: false)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true", .true)
            case UInt8(ascii: "f"): try literal("false", .false)
            case UInt8(ascii: "n"): try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw fail("has an unexpected character")
            }
        }

        mutating func container(object: Bool) throws {
            depth += 1
            guard depth <= JSONTape.maximumDepth else { throw fail("nests deeper than \(JSONTape.maximumDepth) levels") }
            let slot = nodes.count
            let start = index
            nodes.append(Node(kind: object ? .object : .array, flagged: false, start: Int32(start), end: 0, next: 0, count: 0))
            index += 1
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var count: Int32 = 0
            skipSpace()
            if index < bytes.count, bytes[index] == close {
                index += 1
            } else {
                while true {
                    if object {
                        skipSpace()
                        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                        try string()
                        skipSpace()
                        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                        index += 1
                    }
                    try value()
                    count += 1
                    skipSpace()
                    guard index < bytes.count else { throw fail("ends inside an object or array") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    guard bytes[index] == close else { throw fail("expected ',' or a closing bracket") }
                    index += 1
                    break
                }
            }
            nodes[slot].end = Int32(index)
            nodes[slot].next = Int32(nodes.count)
            nodes[slot].count = count
            if strict, object, count > 1 { try refuseRepeatedKeys(of: slot) }
            depth -= 1
        }

        /// Strict reading: the object at `slot` (complete) names each key once.
        func refuseRepeatedKeys(of slot: Int) throws {
            var keys = [Int]()
            keys.reserveCapacity(Int(nodes[slot].count))
            var keyNode = slot + 1
            for _ in 0..<nodes[slot].count {
                keys.append(keyNode)
                keyNode = Int(nodes[keyNode + 1].next)
            }
            func text(_ node: Int) throws -> String {
                try JSONTape.decodeString(bytes, node: nodes[node])
            }
            var repeated: Int?
            if keys.count <= 16, !keys.contains(where: { nodes[$0].flagged }), let base = bytes.baseAddress {
                // Few plain keys: compared byte for byte.
                search: for (offset, first) in keys.enumerated() {
                    let a = nodes[first]
                    for second in keys[(offset + 1)...] {
                        let b = nodes[second]
                        if a.end - a.start == b.end - b.start, memcmp(base + Int(a.start), base + Int(b.start), Int(a.end - a.start)) == 0 {
                            repeated = second
                            break search
                        }
                    }
                }
            } else {
                var seen = Set<String>()
                for key in keys where !seen.insert(try text(key)).inserted {
                    repeated = key
                    break
                }
            }
            guard let repeated else { return }
            let name = (try? text(repeated)) ?? "?"
            throw Malformed(
                offset: Int(nodes[repeated].start), reason: "is given twice (a JSON object names each key once)",
                path: JSONTape.pointer(to: slot, in: nodes, bytes: bytes) + [name])
        }

        mutating func string() throws {
            let start = index
            var escaped = false
            var wide = false
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    let node = Node(
                        kind: .string, flagged: escaped, start: Int32(start), end: Int32(index), next: Int32(nodes.count + 1), count: 0)
                    if strict, wide || escaped {
                        // Every byte well-formed UTF-8, every escape a character other than NUL.
                        let text: String
                        do {
                            text = try JSONTape.decodeString(bytes, node: node)
                        } catch {
                            index = start
                            throw fail(
                                error as? ValueProblem == .badSurrogate
                                    ? "has an unpaired UTF-16 surrogate escape" : "has bytes that are not UTF-8")
                        }
                        if escaped, text.utf8.contains(0) {
                            index = start
                            throw fail("has a NUL character (\\u0000) inside a string")
                        }
                    }
                    nodes.append(node)
                    return
                }
                if byte >= 0x80 { wide = true }
                if byte < 0x20 { throw fail("has a control character inside a string") }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    guard index + 1 < bytes.count else { break }
                    switch bytes[index + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 2
                    case UInt8(ascii: "u"):
                        guard index + 5 < bytes.count, (2...5).allSatisfy({ JSONTape.hexValue(bytes[index + $0]) != nil }) else {
                            throw fail("has a bad \\u escape")
                        }
                        index += 6
                    default:
                        throw fail("has an unknown escape")
                    }
                    continue
                }
                index += 1
            }
            throw fail("has an unterminated string")
        }

        mutating func literal(_ word: StaticString, _ kind: Kind) throws {
            let start = index
            let length = word.utf8CodeUnitCount
            guard index + length <= bytes.count else { throw fail("has an unknown literal") }
            for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] {
                throw fail("has an unknown literal")
            }
            index += length
            nodes.append(Node(kind: kind, flagged: false, start: Int32(start), end: Int32(index), next: Int32(nodes.count + 1), count: 0))
        }

        mutating func number() throws {
            let start = index
            var fractional = false
            func digits() -> Int {
                let first = index
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
                return index - first
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let integerStart = index
            let integerDigits = digits()
            guard integerDigits > 0 else { throw fail("has a malformed number") }
            if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw fail("has a number with a leading zero") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                fractional = true
                index += 1
                guard digits() > 0 else { throw fail("has a malformed number") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                fractional = true
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw fail("has a malformed number") }
            }
            nodes.append(
                Node(kind: .number, flagged: fractional, start: Int32(start), end: Int32(index), next: Int32(nodes.count + 1), count: 0))
        }
    }

    /// The JSON pointer tokens of node `target` (a container whose members are all read, the
    /// nodes before it complete or open ancestors of it), found by walking down from the root.
    static func pointer(to target: Int, in nodes: [Node], bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var tokens = [String]()
        var node = 0
        while node != target {
            // An open ancestor's member count is not known yet: walk its members until the one
            // that is the target or still open (the next ancestor).
            let parent = nodes[node]
            var child = node + 1
            var position = 0
            var found = false
            while child < nodes.count {
                let value = parent.kind == .object ? child + 1 : child
                guard value < nodes.count else { break }
                if value == target || nodes[value].next == 0 {
                    if parent.kind == .object {
                        tokens.append((try? decodeString(bytes, node: nodes[child])) ?? "?")
                    } else {
                        tokens.append(String(position))
                    }
                    node = value
                    found = true
                    break
                }
                child = Int(nodes[value].next)
                position += 1
            }
            if !found { break }
        }
        return tokens
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
