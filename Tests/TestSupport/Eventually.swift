import CareerDomain
import Foundation

/// Waits until `condition` holds, checking every 20 ms, for at most `timeout`; returns whether
/// it held. For conditions another task or process brings about (a runner taking over a lock),
/// where there is no notification to wait on.
public func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Runs a blocking call (one that polls or waits on another process) on a thread of its own, so
/// it does not hold one of the few cooperative threads the other tests and tasks need meanwhile.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

extension Recorder {
    /// The recorder of records written by tests.
    public static let test = Recorder.system("test", source: "test")
    /// The recorder of files imported by tests.
    public static let testImport = Recorder.system("test", source: "import")
}
