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
