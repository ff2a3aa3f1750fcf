import HTTPTypes
import Hummingbird
import NIOCore

/// A response body with what it was computed from; `basis` is `nil` for answers not to keep.
struct CachedAnswer: Sendable {
    var body: ByteBuffer
    var contentType: String
    var basis: ResponseCache.Basis?
    /// Served from the cache (reported in the `Riwayat-Cache` header).
    var hit = false
    /// Headers that describe the body, kept with it.
    var headers: HTTPFields = [:]
    /// The people the body names besides the one asked for (kept with it, for the access log).
    var nips: [String] = []

    init(body: ByteBuffer, contentType: String = "application/json", basis: ResponseCache.Basis?) {
        self.body = body
        self.contentType = contentType
        self.basis = basis
    }

    init(json object: JSONObject, basis: ResponseCache.Basis?) {
        self.init(body: ByteBuffer(bytes: ResponseJSON.encode(object)), basis: basis)
    }

    var response: Response {
        var headers = self.headers
        headers[.contentType] = contentType
        headers[CachedAnswer.cacheHeader] = hit ? "hit" : "miss"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    static let cacheHeader = HTTPField.Name("Riwayat-Cache")!  // crash-ok: constant, valid name
    /// A report's log position and the date its figures refer to, also for an empty CSV.
    static let positionHeader = HTTPField.Name("Riwayat-Log-Position")!  // crash-ok: constant, valid name
    static let asOfHeader = HTTPField.Name("Riwayat-As-Of")!  // crash-ok: constant, valid name
}

extension DaemonServices {
    /// The answer stored under `key` while its basis is unchanged; otherwise `compute`s it and
    /// keeps it. `Cache-Control: no-cache` on the request skips the lookup (the answer is then
    /// read from the database, whatever the follower has seen so far).
    func cachedAnswer(_ key: String, request: Request, compute: () async throws -> CachedAnswer) async throws -> CachedAnswer {
        // A kept answer is valid through the position the log follower has read; a read source
        // ahead of that (a standby that replayed further) must not be answered from before it.
        let skip =
            request.headers[.cacheControl]?.contains("no-cache") == true || reads.position > (heads.current ?? Int64.max)
        if !skip, let entry = cache.lookup(key, heads: heads) {
            var answer = CachedAnswer(body: entry.body, contentType: entry.contentType, basis: entry.basis)
            answer.hit = true
            answer.headers = entry.headers
            answer.nips = entry.nips
            return answer
        }
        // Only an answer computed while the follower was current may be kept: every event that
        // commits after this point is then seen by it.
        let following = heads.current
        let answer = try await compute()
        // An answer read from a standby behind what the follower has seen may miss events the
        // follower will never report as changes (those before it started): not kept.
        if let following, reads.position >= following, let basis = answer.basis {
            cache.store(
                key,
                .init(
                    basis: basis, stored: .now, body: answer.body, contentType: answer.contentType, headers: answer.headers,
                    nips: answer.nips))
        }
        return answer
    }
}
