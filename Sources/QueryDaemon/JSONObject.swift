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
        output.append(UInt8(ascii: "{"))
        for (index, key) in members.keys.sorted().enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            CanonicalJSONEncoder.writeString(key, into: &output)
            output.append(UInt8(ascii: ":"))
            if let value = members[key] { value.writeJSON(into: &output) } else { output += Array("null".utf8) }
        }
        output.append(UInt8(ascii: "}"))
    }
}
