import Foundation

/// A JSON object on a tape, read member by member without `Codable`: the fast path for the
/// catalogue's most frequent payloads and for stored metadata, which rebuilds and imports read
/// by the million.
///
/// It never decides what is an error. Anything unexpected (a missing key, another kind of value,
/// an escape inside a string, a value a type refuses) throws `Miss`, and the caller decodes the
/// same value through `Codable`, which either accepts it after all or gives the full error with
/// its coding path. So a fast reader must only ever produce the value `Codable` would.
struct TapeObject {
    /// The fast path does not apply; decode through `Codable` instead.
    struct Miss: Error {}

    let tape: JSONTape
    let node: Int

    /// The object at `node`; `Miss` when it is another kind of value.
    init(tape: JSONTape, node: Int) throws {
        guard tape.nodes[node].kind == .object else { throw Miss() }
        self.tape = tape
        self.node = node
    }

    /// The value node of `key` (the last one when a key repeats, as in `jsonb`), or nil when
    /// absent. `Miss` when any key of the object has an escape: such keys are compared by
    /// `Codable` (an escaped key may spell the one asked for, so "absent" cannot be told here).
    func find(_ key: StaticString) throws -> Int? {
        let wanted = key.utf8Start, length = key.utf8CodeUnitCount
        let found: Int?? = tape.bytes.withUnsafeBufferPointer { bytes in
            tape.nodes.withUnsafeBufferPointer { nodes in
                guard let base = bytes.baseAddress else { return nil }
                var found: Int?
                var keyNode = node + 1
                for _ in 0..<nodes[node].count {
                    let key = nodes[keyNode]
                    if key.flagged { return nil }
                    let start = Int(key.start) + 1
                    if Int(key.end) - 1 - start == length, memcmp(base + start, wanted, length) == 0 {
                        found = keyNode + 1
                    }
                    keyNode = Int(nodes[keyNode + 1].next)
                }
                return .some(found)
            }
        }
        guard let found else { throw Miss() }
        return found
    }

    /// The value node of `key` when present and not null; `Miss` when absent (a required member).
    private func required(_ key: StaticString) throws -> Int {
        guard let found = try find(key), tape.nodes[found].kind != .null else { throw Miss() }
        return found
    }

    /// The value node of `key`, or nil when absent or null (an optional member).
    private func optional(_ key: StaticString) throws -> Int? {
        guard let found = try find(key), tape.nodes[found].kind != .null else { return nil }
        return found
    }

    private func string(at index: Int) throws -> String {
        let value = tape.nodes[index]
        guard value.kind == .string, !value.flagged, let text = try? tape.string(index) else { throw Miss() }
        return text
    }

    private func integer(at index: Int) throws -> Int {
        let value = tape.nodes[index]
        guard value.kind == .number, !value.flagged, let number = try? tape.integer(index, as: Int.self) else { throw Miss() }
        return number
    }

    private func double(at index: Int) throws -> Double {
        guard tape.nodes[index].kind == .number, let number = try? tape.double(index) else { throw Miss() }
        return number
    }

    func string(_ key: StaticString) throws -> String { try string(at: required(key)) }

    func optionalString(_ key: StaticString) throws -> String? { try optional(key).map { try string(at: $0) } }

    func int(_ key: StaticString) throws -> Int { try integer(at: required(key)) }

    func optionalInt(_ key: StaticString) throws -> Int? { try optional(key).map { try integer(at: $0) } }

    func double(_ key: StaticString) throws -> Double { try double(at: required(key)) }

    func optionalDouble(_ key: StaticString) throws -> Double? { try optional(key).map { try double(at: $0) } }

    /// A string-backed enumeration (`Predikat`, `PromotionKind`, …).
    func value<T: RawRepresentable>(_ key: StaticString, as type: T.Type = T.self) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: try string(key)) else { throw Miss() }
        return value
    }

    func optionalValue<T: RawRepresentable>(_ key: StaticString, as type: T.Type = T.self) throws -> T? where T.RawValue == String {
        guard let index = try optional(key) else { return nil }
        guard let value = T(rawValue: try string(at: index)) else { throw Miss() }
        return value
    }

    func date(_ key: StaticString) throws -> CivilDate {
        guard let date = CivilDate(try string(key)) else { throw Miss() }
        return date
    }

    func nip(_ key: StaticString) throws -> NIP {
        guard let nip = try? NIP(try string(key)) else { throw Miss() }
        return nip
    }

    func grade(_ key: StaticString) throws -> Grade {
        guard let grade = try? Grade(code: try string(key)) else { throw Miss() }
        return grade
    }

    func object(_ key: StaticString) throws -> TapeObject { try TapeObject(tape: tape, node: required(key)) }

    func optionalObject(_ key: StaticString) throws -> TapeObject? {
        try optional(key).map { try TapeObject(tape: tape, node: $0) }
    }

    /// An optional array of strings.
    func optionalStrings(_ key: StaticString) throws -> [String]? {
        guard let index = try optional(key) else { return nil }
        guard tape.nodes[index].kind == .array else { throw Miss() }
        var strings = [String]()
        strings.reserveCapacity(Int(tape.nodes[index].count))
        var element = index + 1
        for _ in 0..<tape.nodes[index].count {
            strings.append(try string(at: element))
            element = Int(tape.nodes[element].next)
        }
        return strings
    }

    func optionalBool(_ key: StaticString) throws -> Bool? {
        guard let index = try optional(key) else { return nil }
        switch tape.nodes[index].kind {
        case .true: return true
        case .false: return false
        default: throw Miss()
        }
    }
}
