import Foundation
import NIOConcurrencyHelpers

/// Signed-in page sessions, held in the daemon's memory: a random session id (the cookie) maps to
/// the API token it was opened with and a CSRF token for its forms. The token is authenticated
/// again on every request, so revoking it or its expiry ends the session within
/// `TokenStore.cacheLifetime`. Sessions end after `idleLifetime` without a request, after
/// `maxLifetime` in any case, on sign-out, and when the daemon restarts.
public final class PageSessions: Sendable {
    /// One session.
    public struct Session: Sendable, Hashable {
        public var id: String
        /// The API token's secret, never sent back to the browser.
        var secret: String
        /// Every form of the session carries it; a POST without it is refused.
        public var csrf: String
        var started: ContinuousClock.Instant
        var lastSeen: ContinuousClock.Instant
    }

    public static let cookieName = "riwayat_session"
    let idleLifetime: Duration
    let maxLifetime: Duration
    /// The oldest sessions give way beyond this many, so sign-ins cannot exhaust memory.
    let capacity: Int
    /// Sessions one token may hold at once (its oldest give way), so one token's sign-ins
    /// cannot push everybody else's sessions out.
    let perToken = 20
    private let sessions = NIOLockedValueBox([String: Session]())

    public init(idleLifetime: Duration = .seconds(30 * 60), maxLifetime: Duration = .seconds(12 * 3600), capacity: Int = 10_000) {
        self.idleLifetime = idleLifetime
        self.maxLifetime = maxLifetime
        self.capacity = capacity
    }

    /// A new session for a token already authenticated.
    func open(secret: String) -> Session {
        let now = ContinuousClock.now
        let session = Session(id: Self.randomToken(), secret: secret, csrf: Self.randomToken(), started: now, lastSeen: now)
        sessions.withLockedValue { sessions in
            sessions = sessions.filter { isLive($0.value, at: now) }
            let own = sessions.values.filter { $0.secret == secret }.sorted { $0.lastSeen < $1.lastSeen }
            for old in own.prefix(max(0, own.count - perToken + 1)) { sessions.removeValue(forKey: old.id) }
            if sessions.count >= capacity, let oldest = sessions.values.min(by: { $0.lastSeen < $1.lastSeen }) {
                sessions.removeValue(forKey: oldest.id)
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with this id (its idle clock restarted), or nil.
    func find(_ id: String) -> Session? {
        let now = ContinuousClock.now
        return sessions.withLockedValue { sessions in
            guard var session = sessions[id] else { return nil }
            guard isLive(session, at: now) else {
                sessions.removeValue(forKey: id)
                return nil
            }
            session.lastSeen = now
            sessions[id] = session
            return session
        }
    }

    func close(_ id: String) {
        sessions.withLockedValue { _ = $0.removeValue(forKey: id) }
    }

    private func isLive(_ session: Session, at now: ContinuousClock.Instant) -> Bool {
        now - session.lastSeen < idleLifetime && now - session.started < maxLifetime
    }

    /// 32 random bytes from the system's secure generator, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two secrets in time independent of where they differ.
    static func same(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
