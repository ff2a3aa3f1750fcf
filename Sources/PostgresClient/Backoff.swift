/// The wait between retries after a failure (a lost connection, a lost race): it starts at
/// `initial`, doubles after each wait up to `maximum`, and starts over after a success. With
/// `jittered`, each wait is drawn between `initial` and the current delay, so that racing
/// retriers spread out.
public struct Backoff: Sendable {
    public let initial: Duration
    public let maximum: Duration
    public let jittered: Bool
    /// The next wait (the upper bound of the next wait when jittered).
    public private(set) var current: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5), jittered: Bool = false) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        self.jittered = jittered
        self.current = initial
    }

    /// The wait this retry takes, and the next one doubled.
    public mutating func next() -> Duration {
        let wait: Duration
        if jittered, current > initial {
            wait = initial + (current - initial) * Double.random(in: 0...1)
        } else {
            wait = current
        }
        current = min(current * 2, maximum)
        return wait
    }

    /// Sleeps this retry's wait; returns early when the task is cancelled.
    public mutating func wait() async {
        try? await Task.sleep(for: next())
    }

    /// After a success: the next failure waits `initial` again.
    public mutating func reset() {
        current = initial
    }
}
