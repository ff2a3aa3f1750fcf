import Foundation
import Yams

/// One operation of the OpenAPI document: its method and path template, the query parameters
/// it takes, and whether it names employees (`x-personal`). The daemon refuses query parameters
/// an operation does not document, so the document and the server cannot drift apart.
struct DocumentedOperation: Sendable {
    var method: String
    var template: [Substring]
    var queryNames: Set<String>
    var personal: Bool

    /// Whether `segments` (a path split at `/`) fits the template (`{name}` takes any segment).
    func matches(_ segments: [Substring]) -> Bool {
        guard segments.count == template.count else { return false }
        return zip(template, segments).allSatisfy { pattern, segment in pattern.first == "{" || pattern == segment }
    }

    /// Every operation of the daemon's document.
    static let all: [DocumentedOperation] = {
        guard let document = (try? Yams.load(yaml: OpenAPIDocument.yaml)) as? [String: Any],
            let paths = document["paths"] as? [String: Any]
        else { return [] }
        let shared = (document["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
        func resolve(_ parameter: Any) -> [String: Any]? {
            guard let object = parameter as? [String: Any] else { return nil }
            guard let reference = object["$ref"] as? String else { return object }
            return shared[String(reference.split(separator: "/").last ?? "")] as? [String: Any]
        }
        var operations = [DocumentedOperation]()
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            for (method, operation) in item {
                guard let operation = operation as? [String: Any] else { continue }
                let parameters = (operation["parameters"] as? [Any] ?? []).compactMap(resolve)
                let names = parameters.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
                operations.append(
                    DocumentedOperation(
                        method: method.uppercased(), template: path.split(separator: "/"), queryNames: Set(names),
                        personal: operation["x-personal"] as? Bool ?? false))
            }
        }
        return operations
    }()

    /// The documented operation a request is for, if any.
    static func find(method: String, path: String) -> DocumentedOperation? {
        let segments = path.split(separator: "/")
        return all.first { $0.method == method && $0.matches(segments) }
    }
}
