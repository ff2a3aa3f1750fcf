import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps every message, for tests that wait on what the code under test says.
public struct CapturedLog: LogHandler {
    private let messages = NIOLockedValueBox([String]())
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init() {}

    /// A logger writing to this capture.
    public func logger(label: String = "test") -> Logger {
        Logger(label: label) { _ in self }
    }

    /// The messages logged so far.
    public var lines: [String] { messages.withLockedValue { $0 } }

    public func log(event: LogEvent) {
        messages.withLockedValue { $0.append(event.message.description) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
