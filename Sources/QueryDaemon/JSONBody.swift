import CareerDomain
import CareerLog
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PostgresClient
import Projections
import Prometheus

/// JSON bodies built from response values (stable key order).
enum JSONBody {
    static func response(_ object: JSONObject, status: HTTPResponse.Status = .ok) -> Response {
        let data = ResponseJSON.encode(object)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func raw(_ text: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
