import CLibPQ
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A notification delivered by `NOTIFY` / `pg_notify`.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The server process that sent it.
    public var senderPID: Int32

    public init(channel: String, payload: String, senderPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderPID = senderPID
    }
}

extension PostgresConnection {
    /// Starts listening on `channel`.
    public func listen(_ channel: String) throws {
        try query("LISTEN \(identifier: channel)")
    }

    /// Stops listening on `channel`.
    public func unlisten(_ channel: String) throws {
        try query("UNLISTEN \(identifier: channel)")
    }

    /// Sends a notification (delivered when the current transaction commits).
    public func notify(_ channel: String, payload: String = "") throws {
        try query("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Waits until notifications arrive or `timeout` passes, sleeping in `poll(2)` on the
    /// connection's socket (no busy polling). Returns the notifications, possibly none.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        try ensureOpen()
        var received = try collectNotifications()
        if !received.isEmpty { return received }
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw connectionError() }
        let deadline = ContinuousClock.now + timeout
        while received.isEmpty {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(code: .connectionClosed, message: "poll failed: errno \(errno)")
            }
            if ready == 0 { break }
            received = try collectNotifications()
        }
        return received
    }

    private func collectNotifications() throws -> [PostgresNotification] {
        guard PQconsumeInput(handle) == 1 else { throw connectionError() }
        var notifications = [PostgresNotification]()
        while let notify = PQnotifies(handle) {
            let value = notify.pointee
            notifications.append(
                PostgresNotification(
                    channel: String(cString: value.relname),
                    payload: value.extra.map { String(cString: $0) } ?? "",
                    senderPID: value.be_pid))
            PQfreemem(notify)
        }
        return notifications
    }
}
