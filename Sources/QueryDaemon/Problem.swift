import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An RFC 9457 problem document (`application/problem+json`) carrying the field and the rule.
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    /// The offending field, for bad input.
    public var field: String?
    /// The rule it breaks.
    public var rule: String?
    /// Sent as `Retry-After` (503).
    public var retryAfterSeconds: Int?

    public init(status: HTTPResponse.Status, title: String, detail: String, field: String? = nil, rule: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.field = field
        self.rule = rule
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: String] = [
            "type": "about:blank", "title": title, "status": String(status.code), "detail": detail,
            "instance": request.uri.path,
        ]
        if let field { body["field"] = field }
        if let rule { body["rule"] = rule }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = String(decoding: (try? encoder.encode(body)) ?? Data("{}".utf8), as: UTF8.self)
        // status is a number in RFC 9457.
        text = text.replacingOccurrences(of: "\"status\":\"\(status.code)\"", with: "\"status\":\(status.code)")
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"riwayat\"" }
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func unauthorized() -> Problem {
        Problem(status: .unauthorized, title: "Unauthorized", detail: "send an API token: Authorization: Bearer rwy_…")
    }

    static func forbidden(_ role: Role) -> Problem {
        Problem(status: .forbidden, title: "Forbidden", detail: "this needs the \(role.rawValue) role")
    }

    static func badRequest(field: String, rule: String) -> Problem {
        Problem(status: .badRequest, title: "Bad Request", detail: "\(field): \(rule)", field: field, rule: rule)
    }

    static func unprocessable(field: String, rule: String) -> Problem {
        Problem(status: .unprocessableContent, title: "Unprocessable Content", detail: "\(field): \(rule)", field: field, rule: rule)
    }

    static func notFound(_ what: String) -> Problem {
        Problem(status: .notFound, title: "Not Found", detail: what)
    }
}
