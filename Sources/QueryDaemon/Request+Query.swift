import CareerDomain
import Foundation
import Hummingbird
import NIOCore

/// Reading query parameters: each at most once, as text without control characters, within a
/// length; errors name the parameter and the rule (400).
extension Request {
    /// The query string, form-decoded (`+` is a space); 400 when an escape is broken.
    var form: QueryString {
        get throws {
            do {
                return try QueryString(uri.query)
            } catch {
                throw Problem.badRequest(field: "query", rule: "\(error.part) is not form-encoded (percent escapes of UTF-8)")
            }
        }
    }

    /// 400 for parameters `operation` does not document: the field is the first, the rule names
    /// every one (up to ten) and the ones the operation takes.
    func checkQuery(against operation: DocumentedOperation) throws {
        var unknown = [String]()
        for name in try form.names where !operation.queryNames.contains(name) && !unknown.contains(name) { unknown.append(name) }
        guard let first = unknown.first else { return }
        if first.isEmpty { throw Problem.badRequest(field: "query", rule: "holds a parameter without a name (\"=value\")") }
        let takes = operation.queryNames.sorted().joined(separator: ", ")
        let named = unknown.prefix(10).map { String($0.prefix(100)) }
        let rule =
            unknown.count == 1
            ? "is not a parameter of this operation"
            : "is not a parameter of this operation, nor \(named.dropFirst().joined(separator: ", "))\(unknown.count > 10 ? ", …" : "")"
        throw Problem.badRequest(
            field: String(first.prefix(100)), rule: rule + "; " + (takes.isEmpty ? "it takes none" : "it takes \(takes)"))
    }

    /// The parameter's one value, or nil when absent.
    func query(_ name: String, maxLength: Int = 200) throws -> String? {
        let values = try form.values(name)
        guard let text = values.first else { return nil }
        guard values.count == 1 else { throw Problem.badRequest(field: name, rule: "is given more than once") }
        if let problem = PathText.problem(text, maxLength: maxLength, allowsEmpty: true) {
            throw Problem.badRequest(field: name, rule: problem)
        }
        return text
    }

    func date(_ name: String) throws -> CivilDate? {
        guard let text = try query(name) else { return nil }
        guard let date = CivilDate(text), (1900...2200).contains(date.year) else {
            throw Problem.badRequest(field: name, rule: "must be a date YYYY-MM-DD in the years 1900 to 2200")
        }
        return date
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badRequest(field: name, rule: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `true` or `false` (absent: false).
    func flag(_ name: String) throws -> Bool {
        switch try query(name) {
        case nil, "false"?: return false
        case "true"?: return true
        default: throw Problem.badRequest(field: name, rule: "must be true or false")
        }
    }

    /// An ISO 8601 time with a zone, as microseconds since 1970.
    func timestamp(_ name: String) throws -> Int64? {
        guard let text = try query(name) else { return nil }
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw Problem.badRequest(field: name, rule: "must be an ISO 8601 time such as 2024-06-30T23:59:59Z")
        }
        return Int64(date.timeIntervalSince1970 * 1_000_000)
    }

    /// The body, at most `limit` bytes; 413 naming the limit when it is longer.
    func collectBody(upTo limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem(
                status: .contentTooLarge, title: "Content Too Large", detail: "the request body is over \(limit) bytes", field: "body",
                rule: "must be at most \(limit) bytes")
        }
    }

    /// A JSON body (sent as `application/json`, else 415), at most `limit` bytes.
    func jsonBody(upTo limit: Int) async throws -> [UInt8] {
        let mediaType = headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw Problem(
                status: .unsupportedMediaType, title: "Unsupported Media Type",
                detail: "the body must be sent as Content-Type: application/json", field: "Content-Type", rule: "must be application/json")
        }
        return Array(buffer: try await collectBody(upTo: limit))
    }

    /// Whether the client asked for CSV.
    var wantsCSV: Bool { headers[.accept]?.contains("text/csv") == true }
}

/// What a path or query value may hold: bounded text without control characters.
enum PathText {
    static func problem(_ text: String, maxLength: Int, allowsEmpty: Bool = false) -> String? {
        if !allowsEmpty, text.isEmpty { return "must not be empty" }
        if text.unicodeScalars.count > maxLength { return "must be at most \(maxLength) characters" }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "must not hold control characters" }
        return nil
    }
}
