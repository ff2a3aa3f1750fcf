import HTTPTypes
import Hummingbird
import PostgresClient

/// Sends the reads of state, trail, findings, reports and pages to a hot standby when one is fit
/// (see `DaemonServices.readSource`), everything else to the primary, and states on every such
/// answer the log position it reflects at least (`Riwayat-Log-Position`) and where it was read
/// (`Riwayat-Read-From`). A read a standby fails as a lost or conflicting standby would is
/// answered from the primary instead.
struct ReadRoutingMiddleware: RouterMiddleware {
    typealias Context = RiwayatRequestContext
    let services: DaemonServices

    /// What an answer is computed from, which decides the position that counts.
    enum Basis: Equatable {
        /// Events read from the log (state, trail, an agency's events).
        case log
        /// The read models (findings, reports, pages): their checkpoint counts.
        case readModels
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Requests with neither a valid token nor a page session are refused by the handler:
        // choosing a source for them would only cost the database work.
        guard request.method == .get || request.method == .head, let basis = Self.basis(of: request.uri.path),
            context.principal != nil || request.cookies[PageSessions.cookieName].map({ services.sessions.find($0.value) != nil }) == true
        else {
            return try await next(request, context)
        }
        var needed: Int64 = 0
        let source: ReadSource
        do {
            needed = try Self.minimum(request)
            if let token = context.principal?.tokenID { needed = max(needed, services.recentAppends.position(of: token)) }
            // A report at an earlier position builds temporary tables: only the primary can.
            let standbyAllowed = !(request.uri.query ?? "").split(separator: "&").contains { pair in
                let name = pair.split(separator: "=", maxSplits: 1).first.map { String($0) } ?? ""
                return (name.removingPercentEncoding ?? name).lowercased() == "atposition"
            }
            source = try await services.readSource(needing: needed, readModels: basis == .readModels, standbyAllowed: standbyAllowed)
        } catch let problem as Problem {
            // A refused attempt at a read (most of these name employees) is on record like any other.
            let asked = request.uri.path.split(separator: "/").first { $0.count == 18 && $0.allSatisfy(\.isASCIIDigit) }
            try await services.accessLog.record(
                services.accessEntry(
                    "read", request, context, nip: asked.map { String($0) }, nips: asked.map { [String($0)] } ?? [],
                    status: Int(problem.status.code)))
            throw problem
        }
        var response: Response
        var answeredBy = source
        do {
            response = try await ReadSource.$current.withValue(source) { try await next(request, context) }
        } catch let error as PostgresError where source.isStandby && Self.isStandbyFailure(error) {
            if error.isConnectionLost || error.code == .timeout || error.code == .poolClosed {
                services.replicas.replica(named: source.name)?.failed("a read failed (\(error.code))")
            }
            context.logger.notice("read failed on a standby; answering from the primary", metadata: ["replica": "\(source.name)"])
            answeredBy = try await services.primarySource(needing: needed, readModels: basis == .readModels)
            response = try await ReadSource.$current.withValue(answeredBy) { try await next(request, context) }
        }
        if response.headers[CachedAnswer.positionHeader] == nil {
            response.headers[CachedAnswer.positionHeader] = String(answeredBy.position)
        }
        response.headers[Self.sourceHeader] = answeredBy.name
        return response
    }

    /// Lost, timed out, or cancelled by recovery (a replayed change conflicting with the query).
    static func isStandbyFailure(_ error: PostgresError) -> Bool {
        error.isConnectionLost || error.code == .timeout || error.code == .poolClosed || error.sqlState?.rawValue == "40001"
            || error.sqlState?.rawValue == "57P04" || error.sqlState?.rawValue == "25006"
    }

    /// The reads that may go to a standby, by what they are computed from; `nil`: primary only
    /// (the log's proofs and checkpoints, dossiers, administration, sign-in).
    static func basis(of path: String) -> Basis? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = parts.first else { return nil }
        switch first {
        case "v1":
            guard parts.count >= 2 else { return nil }
            switch parts[1] {
            case "employees":
                if parts.count == 3 || (parts.count == 4 && parts[3] == "trail") { return .log }
                if parts.count == 4 && (parts[3] == "findings" || parts[3] == "merit") { return .readModels }
                return nil
            case "agencies": return parts.count == 4 && parts[3] == "events" ? .log : nil
            case "units", "findings", "reports": return .readModels
            default: return nil
            }
        case "employees": return parts.count <= 2 ? .readModels : nil
        case "findings", "dashboard", "merit": return .readModels
        default: return nil
        }
    }

    /// `Riwayat-Min-Position: N`: the answer must reflect the log at least through position N.
    static func minimum(_ request: Request) throws -> Int64 {
        guard let text = request.headers[minimumHeader] else { return 0 }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 18, trimmed.allSatisfy(\.isASCIIDigit), let value = Int64(trimmed) else {
            throw Problem.badRequest(field: minimumHeader.rawName, rule: "must be a log position (digits, at most 18)")
        }
        return value
    }

    static let minimumHeader = HTTPField.Name("Riwayat-Min-Position")!  // crash-ok: constant, valid name
    static let sourceHeader = HTTPField.Name("Riwayat-Read-From")!  // crash-ok: constant, valid name
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
