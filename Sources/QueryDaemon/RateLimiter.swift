import Foundation
import NIOConcurrencyHelpers

/// Per-token limits on expensive routes (reports, lists, proofs): a token bucket per token and
/// route class. A caller over its limit gets 429 with `Retry-After`; others are not slowed.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = NIOLockedValueBox([String: Bucket]())
    /// Requests a caller may make at once.
    public let burst: Double
    /// Requests per second it regains.
    public let perSecond: Double

    public init(burst: Int = 30, perSecond: Double = 10) {
        self.burst = Double(max(1, burst))
        self.perSecond = max(0.01, perSecond)
    }

    /// Takes one request from `key`'s bucket; returns the seconds to wait when it is empty.
    func take(_ key: String) -> Int? {
        let now = ContinuousClock.now
        return buckets.withLockedValue { buckets in
            if buckets.count > 50_000 { buckets.removeAll() }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return nil
        }
    }

    /// 429 unless `principal` may make another request of `kind` now.
    func admit(_ principal: Principal, _ kind: String) throws {
        guard let wait = take(principal.tokenID.uuidString + "/" + kind) else { return }
        var problem = Problem(
            status: .tooManyRequests, title: "Too Many Requests", detail: "this token is over its limit for \(kind); try again in \(wait) s"
        )
        problem.retryAfterSeconds = wait
        throw problem
    }
}
