import Foundation
import PostgresClient

extension RecordedEvent {
    /// One line of JSON with every stored field; payload and metadata are embedded verbatim.
    public func jsonLine() -> String {
        func quoted(_ text: String) -> String {
            (try? String(decoding: JSONEncoder().encode(text), as: UTF8.self)) ?? "\"\""
        }
        var fields = [
            "\"position\":\(position)", "\"stream\":\(quoted(stream))", "\"version\":\(version)",
            "\"id\":\(quoted(id.uuidString.lowercased()))", "\"type\":\(quoted(type))", "\"schemaVersion\":\(schemaVersion)",
        ]
        fields.append("\"effectiveDate\":" + (effectiveDate.map { quoted($0.description) } ?? "null"))
        fields.append("\"recordedAt\":\(quoted(recordedAt.description))")
        fields.append("\"payload\":\(payload.text)")
        fields.append("\"metadata\":\(metadata.text)")
        fields.append("\"previousHash\":\(quoted(PostgresBytes.hex(previousHash)))")
        fields.append("\"hash\":\(quoted(PostgresBytes.hex(hash)))")
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// JSON text in one canonical form: keys sorted, no insignificant whitespace, so equal documents
/// give equal text (and idempotent re-sends compare equal).
public enum CanonicalJSON {
    /// Re-encodes any JSON document canonically; throws when `data` is not JSON.
    public static func text(from data: Data) throws -> PostgresJSON {
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let canonical = try JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        return PostgresJSON(text: String(decoding: canonical, as: UTF8.self))
    }
}
