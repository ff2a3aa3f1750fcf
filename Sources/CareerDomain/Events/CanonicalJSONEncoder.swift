import Foundation

/// A small, fast JSON encoder for `Encodable` values: compact output with object keys sorted,
/// so equal values always give equal bytes (the form payloads are stored and hashed in).
public struct CanonicalJSONEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> Data {
        var output = [UInt8]()
        output.reserveCapacity(256)
        try CanonicalJSONEncoder.write(value, into: &output)
        return Data(output)
    }

    static func write(_ value: some Encodable, into output: inout [UInt8]) throws {
        let node = Node()
        try value.encode(to: NodeEncoder(node: node, codingPath: []))
        node.write(into: &output)
    }

    /// One JSON value under construction.
    final class Node {
        enum Kind { case empty, scalar([UInt8]), object([String: Node]), array([Node]) }
        var kind = Kind.empty

        func write(into output: inout [UInt8]) {
            switch kind {
            case .empty: output += Array("null".utf8)
            case .scalar(let bytes): output += bytes
            case .object(let members):
                output.append(UInt8(ascii: "{"))
                for (index, key) in members.keys.sorted().enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    CanonicalJSONEncoder.writeString(key, into: &output)
                    output.append(UInt8(ascii: ":"))
                    members[key]?.write(into: &output)
                }
                output.append(UInt8(ascii: "}"))
            case .array(let elements):
                output.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    element.write(into: &output)
                }
                output.append(UInt8(ascii: "]"))
            }
        }
    }

    /// Appends `string` as a JSON string literal.
    public static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output += [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    static func scalar(_ string: String) -> [UInt8] {
        var bytes = [UInt8]()
        writeString(string, into: &bytes)
        return bytes
    }

    static func number(_ value: Double) throws -> [UInt8] {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON has no NaN or infinity"))
        }
        if value == value.rounded(), abs(value) < 1e15 { return Array(String(Int64(value)).utf8) }
        return Array("\(value)".utf8)
    }
}

private struct NodeEncoder: Encoder {
    let node: CanonicalJSONEncoder.Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.kind {} else { node.kind = .object([:]) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.kind {} else { node.kind = .array([]) }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: CanonicalJSONEncoder.Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.kind = .scalar(Array("null".utf8)) }
    mutating func encode(_ value: Bool) throws { node.kind = .scalar(Array((value ? "true" : "false").utf8)) }
    mutating func encode(_ value: String) throws { node.kind = .scalar(CanonicalJSONEncoder.scalar(value)) }
    mutating func encode(_ value: Double) throws { node.kind = .scalar(try CanonicalJSONEncoder.number(value)) }
    mutating func encode(_ value: Float) throws { node.kind = .scalar(try CanonicalJSONEncoder.number(Double(value))) }
    mutating func encode(_ value: Int) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: Int8) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: Int16) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: Int32) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: Int64) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt8) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt16) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt32) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt64) throws { node.kind = .scalar(Array(String(value).utf8)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let uuid = value as? UUID {
            node.kind = .scalar(CanonicalJSONEncoder.scalar(uuid.uuidString.lowercased()))
            return
        }
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: CanonicalJSONEncoder.Node
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> CanonicalJSONEncoder.Node {
        guard case .object(var members) = node.kind else { return CanonicalJSONEncoder.Node() }
        if let existing = members[key.stringValue] { return existing }
        let created = CanonicalJSONEncoder.Node()
        members[key.stringValue] = created
        node.kind = .object(members)
        return created
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).kind = .scalar(Array("null".utf8)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        var single = SingleNodeContainer(node: child(key), codingPath: codingPath + [key])
        try single.encode(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws { child(key).kind = .scalar(CanonicalJSONEncoder.scalar(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { child(key).kind = .scalar(Array(String(value).utf8)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).kind = .scalar(Array((value ? "true" : "false").utf8)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { child(key).kind = .scalar(try CanonicalJSONEncoder.number(value)) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: Key(stringValue: "super").map(child) ?? CanonicalJSONEncoder.Node(), codingPath: codingPath)
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: CanonicalJSONEncoder.Node
    let codingPath: [any CodingKey]
    var count: Int {
        if case .array(let elements) = node.kind { return elements.count }
        return 0
    }

    private func next() -> CanonicalJSONEncoder.Node {
        let created = CanonicalJSONEncoder.Node()
        if case .array(var elements) = node.kind {
            elements.append(created)
            node.kind = .array(elements)
        }
        return created
    }

    mutating func encodeNil() throws { next().kind = .scalar(Array("null".utf8)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        var single = SingleNodeContainer(node: next(), codingPath: codingPath)
        try single.encode(value)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: next(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: next(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: next(), codingPath: codingPath) }
}
