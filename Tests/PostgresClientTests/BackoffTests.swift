import PostgresClient
import Testing

@Suite("Backoff")
struct BackoffTests {
    @Test func waitsDoubleUpToTheMaximumAndStartOverAfterASuccess() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        let waits = (0..<6).map { _ in backoff.next() }
        #expect(waits == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        backoff.reset()
        #expect(backoff.next() == .milliseconds(100))
    }

    @Test func jitteredWaitsStayBetweenTheInitialAndTheCurrentDelay() {
        var backoff = Backoff(initial: .milliseconds(5), maximum: .milliseconds(160), jittered: true)
        var bounds = [Duration.milliseconds(5)]
        while bounds.count < 12 { bounds.append(min(bounds[bounds.count - 1] * 2, .milliseconds(160))) }
        var spread = Set<Duration>()
        for bound in bounds {
            let wait = backoff.next()
            #expect(wait >= .milliseconds(5) && wait <= bound, "\(wait) for \(bound)")
            spread.insert(wait)
        }
        #expect(spread.count > 3)
    }

    @Test func aMaximumBelowTheInitialDelayIsTheInitialDelay() {
        var backoff = Backoff(initial: .seconds(2), maximum: .seconds(1))
        #expect(backoff.next() == .seconds(2) && backoff.next() == .seconds(2))
    }
}
