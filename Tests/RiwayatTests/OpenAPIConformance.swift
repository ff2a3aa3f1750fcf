import Foundation

/// Checks a JSON value against the JSON Schema our OpenAPI document uses: `$ref` to anything
/// under `#/components/`, `type` (one or several, `integer` and `number` told apart), `oneOf`,
/// `enum`, `const`, `properties`, `required`, `additionalProperties` (false or a schema),
/// `items`, `pattern`, `minimum`/`maximum`, `minLength`/`maxLength`. Returns one message per
/// violation, each naming the JSON path, so a test can print what does not match.
struct OpenAPIConformance: @unchecked Sendable {  // an immutable parsed document
    let document: [String: Any]

    /// The object `reference` (`#/components/…`) points at.
    func resolve(_ reference: String) -> [String: Any]? {
        var node: Any? = document
        for token in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(token)]
        }
        return node as? [String: Any]
    }

    /// `object` with `$ref`s followed.
    func followed(_ object: [String: Any]?) -> [String: Any]? {
        guard let object, let reference = object["$ref"] as? String else { return object }
        return followed(resolve(reference))
    }

    /// The operation `method path`, or nil.
    func operation(path: String, method: String) -> [String: Any]? {
        ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method.lowercased()] as? [String: Any]
    }

    /// The documented response of `method path` for `status`, `$ref`s followed.
    func response(path: String, method: String, status: Int) -> [String: Any]? {
        followed((operation(path: path, method: method)?["responses"] as? [String: Any])?[String(status)] as? [String: Any])
    }

    /// The schema documented for `method path` answering `status` as `contentType`, or `nil`
    /// when that combination is not documented.
    func schema(path: String, method: String, status: Int, contentType: String) -> [String: Any]? {
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? contentType
        return ((response(path: path, method: method, status: status)?["content"] as? [String: Any])?[media] as? [String: Any])?["schema"]
            as? [String: Any]
    }

    func violations(of value: JSONValue, against schema: [String: Any], at path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            guard let target = resolve(reference) else { return ["\(path): unresolved \(reference)"] }
            return violations(of: value, against: target, at: path)
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matching = options.filter { violations(of: value, against: $0, at: path).isEmpty }.count
            if matching != 1 { return ["\(path): matches \(matching) of the oneOf schemas, not exactly one"] }
        }
        if let declared = schema["type"] {
            let types = (declared as? [String]) ?? [(declared as? String) ?? ""]
            if !types.contains(where: value.matches) {
                return ["\(path): expected \(types.joined(separator: " or ")), got \(value.kind)"]
            }
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { value.equals($0) }) {
            return ["\(path): \(value) is not one of \(allowed)"]
        }
        if let constant = schema["const"], !value.equals(constant) {
            return ["\(path): \(value) is not \(constant)"]
        }
        var found = [String]()
        switch value {
        case .object(let object):
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                found.append("\(path): required member \(key) is missing")
            }
            for (key, member) in object {
                if let memberSchema = properties[key] {
                    found += violations(of: member, against: memberSchema, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path): member \(key) is not documented")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    found += violations(of: member, against: extra, at: "\(path).\(key)")
                }
            }
        case .array(let array):
            if let items = schema["items"] as? [String: Any] {
                for (index, element) in array.enumerated() {
                    found += violations(of: element, against: items, at: "\(path)[\(index)]")
                }
            }
        case .string(let text):
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): \"\(text.prefix(80))\" does not match \(pattern)")
            }
            let length = text.unicodeScalars.count
            if let minimum = schema["minLength"] as? Int, length < minimum { found.append("\(path): shorter than \(minimum)") }
            if let maximum = schema["maxLength"] as? Int, length > maximum { found.append("\(path): longer than \(maximum)") }
        case .integer(let number):
            if let minimum = schema["minimum"] as? Int64, number < minimum { found.append("\(path): \(number) below \(minimum)") }
            if let maximum = schema["maximum"] as? Int64, number > maximum { found.append("\(path): \(number) above \(maximum)") }
        default: break
        }
        return found
    }
}

/// A JSON value that keeps booleans, integers and other numbers apart (JSONSerialization does not).
enum JSONValue: Decodable, CustomStringConvertible {
    case null, boolean(Bool), integer(Int64), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var kind: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var description: String {
        switch self {
        case .string(let text): "\"\(text.prefix(60))\""
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .boolean(let flag): String(flag)
        default: kind
        }
    }

    func matches(_ type: String) -> Bool {
        type == kind || (type == "number" && kind == "integer")
    }

    /// Whether this equals a value from the parsed document (strings, numbers, booleans, null).
    func equals(_ other: Any) -> Bool {
        switch self {
        case .string(let text): return (other as? String) == text
        case .boolean(let flag): return (other as? Bool) == flag && !(other is Int && !(other is Bool))
        case .integer(let number): return (other as? NSNumber)?.int64Value == number
        case .null: return other is NSNull
        default: return false
        }
    }
}
