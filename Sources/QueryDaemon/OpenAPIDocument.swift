import Foundation
import Yams

/// The daemon's OpenAPI 3.1 document: `Resources/openapi.yaml`, served as written at
/// `/openapi.yaml` and as JSON at `/openapi.json` (converted once).
public enum OpenAPIDocument {
    /// The YAML text of the document.
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            return "openapi: 3.1.0\ninfo: {title: Riwayat, version: unknown, description: the document resource is missing}\npaths: {}\n"
        }
        return text
    }()

    /// The document as JSON (keys sorted).
    public static let json: String = {
        guard let object = try? Yams.load(yaml: yaml), JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return #"{"openapi":"3.1.0","info":{"title":"Riwayat","version":"unknown"},"paths":{}}"# }
        return String(decoding: data, as: UTF8.self)
    }()
}
