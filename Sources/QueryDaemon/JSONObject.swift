import CareerDomain

/// A JSON object whose members hold values of different types, written with sorted keys.
struct JSONObject: ResponseValue, ExpressibleByDictionaryLiteral {
    var members: [String: any ResponseValue]

    init(dictionaryLiteral elements: (String, any ResponseValue)...) {
        members = [:]
        for (key, value) in elements { members[key] = value }
    }

    subscript(key: String) -> (any ResponseValue)? {
        get { members[key] }
        set { members[key] = newValue }
    }

    func writeJSON(into output: inout [UInt8]) {
        Self.write(members.keys, into: &output) { members[$0] }
    }

    /// Writes an object of `keys` in sorted order, each with its value (`null` when none).
    static func write(
        _ keys: some Collection<String>, into output: inout [UInt8], value: (String) -> (any ResponseValue)?
    ) {
        output.append(UInt8(ascii: "{"))
        for (index, key) in keys.sorted().enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            CanonicalJSONEncoder.writeString(key, into: &output)
            output.append(UInt8(ascii: ":"))
            if let member = value(key) { member.writeJSON(into: &output) } else { output += Array("null".utf8) }
        }
        output.append(UInt8(ascii: "}"))
    }
}
