import Hummingbird
import NIOCore

/// The daemon's request context: the authenticated caller and where the request came from.
public struct RiwayatRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` when a valid token was sent.
    public var principal: Principal?
    /// A token was sent but is unknown, revoked or expired.
    var tokenRefused = false
    /// The token sent, when it is known but revoked or expired.
    var refusedToken: TokenStore.Listed?
    /// The peer, for the access log.
    let remote: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remote = source.channel.remoteAddress
    }

    /// The peer's address, for the access log (formatted only when needed).
    public var remoteAddress: String? { remote.map { "\($0)" } }

    /// Request bodies larger than 1 MiB are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }

    /// The caller, or 401; and 403 unless they hold `role`.
    func require(_ role: Role) throws -> Principal {
        guard let principal else {
            if tokenRefused {
                throw Problem(status: .unauthorized, title: "Unauthorized", detail: "the API token is unknown, revoked or expired")
            }
            throw Problem.unauthorized()
        }
        guard principal.roles.contains(role) else { throw Problem.forbidden(role) }
        return principal
    }

    /// The caller, whatever its roles, or 401.
    func authenticated() throws -> Principal {
        guard let principal else {
            if tokenRefused {
                throw Problem(status: .unauthorized, title: "Unauthorized", detail: "the API token is unknown, revoked or expired")
            }
            throw Problem.unauthorized()
        }
        return principal
    }
}
