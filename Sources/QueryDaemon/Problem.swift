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
        var body: JSONObject = [
            "type": "about:blank", "title": title, "status": Int(status.code), "detail": detail, "instance": request.uri.path,
        ]
        if let field {
            body["field"] = field
            body["pointer"] = Self.pointer(field)
        }
        if let rule { body["rule"] = rule }
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"riwayat\"" }
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: ResponseJSON.encode(body))))
    }

    /// The JSON pointer (RFC 6901) of a field path: `events[0].payload.to` is `/events/0/payload/to`.
    static func pointer(_ field: String) -> String {
        var pointer = ""
        var token = ""
        func flush() {
            pointer += "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            token = ""
        }
        for character in field {
            switch character {
            case ".": flush()
            case "[": flush()
            case "]": break
            default: token.append(character)
            }
        }
        if !token.isEmpty { flush() }
        return pointer.replacingOccurrences(of: "//", with: "/")
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
