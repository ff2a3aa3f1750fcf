import Foundation

/// Checks a JSON value against the subset of JSON Schema our OpenAPI document uses: `$ref` to
/// `#/components/schemas/…`, `type` (one or several, `integer` and `number` told apart),
/// `properties`, `required`, `additionalProperties: false`, `items`. Returns one message per
/// violation, each naming the JSON path, so a test can print what does not match.
struct OpenAPIConformance: @unchecked Sendable {  // an immutable parsed document
    let document: [String: Any]

    /// The schema documented for `method path` answering `status` as `contentType`, or `nil`
    /// when that combination is not documented.
    func schema(path: String, method: String, status: Int, contentType: String) -> [String: Any]? {
        let paths = document["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method.lowercased()] as? [String: Any]
        let response = (operation?["responses"] as? [String: Any])?[String(status)] as? [String: Any]
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? contentType
        return ((response?["content"] as? [String: Any])?[media] as? [String: Any])?["schema"] as? [String: Any]
    }

    func violations(of value: JSONValue, against schema: [String: Any], at path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = reference.replacingOccurrences(of: "#/components/schemas/", with: "")
            let components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            guard let target = components?[name] as? [String: Any] else { return ["\(path): unresolved \(reference)"] }
            return violations(of: value, against: target, at: path)
        }
        if let declared = schema["type"] {
            let types = (declared as? [String]) ?? [(declared as? String) ?? ""]
            if !types.contains(where: value.matches) {
                return ["\(path): expected \(types.joined(separator: " or ")), got \(value.kind)"]
            }
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
                }
            }
        case .array(let array):
            if let items = schema["items"] as? [String: Any] {
                for (index, element) in array.enumerated() {
                    found += violations(of: element, against: items, at: "\(path)[\(index)]")
                }
            }
        default: break
        }
        return found
    }
}

/// A JSON value that keeps booleans, integers and other numbers apart (JSONSerialization does not).
enum JSONValue: Decodable {
    case null, boolean(Bool), integer(Int64), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .boolean(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
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

    func matches(_ type: String) -> Bool {
        type == kind || (type == "number" && kind == "integer")
    }
}
