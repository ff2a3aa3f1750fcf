/// One JSON object's top-level members, each as its raw bytes, for callers that show stored
/// documents as written (the career trail) rather than decode them. Parsed by `JSONTape`.
public struct JSONObjectScanner {
    private let tape: JSONTape

    /// Parses `bytes`; throws a `DomainError` unless it is one JSON object.
    public init(_ bytes: ArraySlice<UInt8>) throws {
        do {
            tape = try JSONTape(Array(bytes))
        } catch let malformed as JSONTape.Malformed {
            throw DomainError(field: "line", rule: malformed.rule)
        }
        guard tape.nodes[0].kind == .object else { throw DomainError(field: "line", rule: "is not a JSON object") }
    }

    /// The raw bytes of member `key` (the last one when a key repeats), or nil.
    public func raw(_ key: String) -> ArraySlice<UInt8>? {
        tape.member(of: 0, named: key).map { tape.raw($0) }
    }

    /// The member `key` as a string; the error names the field.
    public func string(_ key: String) throws -> String {
        guard let node = tape.member(of: 0, named: key) else { throw DomainError(field: key, rule: "is missing") }
        guard tape.nodes[node].kind == .string, let text = try? tape.string(node) else {
            throw DomainError(field: key, rule: "must be a string")
        }
        return text
    }

    /// Whether `key` is absent or `null`.
    public func isNull(_ key: String) -> Bool {
        guard let node = tape.member(of: 0, named: key) else { return true }
        return tape.nodes[node].kind == .null
    }
}
