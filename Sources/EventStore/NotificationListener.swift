import Logging
import NIOPosix
import PostgresClient

/// A dedicated connection, on its own thread, that waits for `NOTIFY` on one channel.
/// Reconnects by itself; a failure only means the caller falls back to its polling interval.
final class NotificationListener: @unchecked Sendable {
    // Used only from its single thread.
    private var connection: PostgresConnection?
    private let conninfo: String
    private let channel: String
    private let thread = NIOThreadPool(numberOfThreads: 1)
    private let logger: Logger

    init(conninfo: String, channel: String, logger: Logger) {
        self.conninfo = conninfo
        self.channel = channel
        self.logger = logger
        thread.start()
    }

    deinit {
        let connection = self.connection
        thread.shutdownGracefully { _ in connection?.close() }
    }

    /// Makes sure the connection listens (so no commit after this call goes unnoticed).
    func prepare() async {
        _ = try? await thread.runIfActive { try self.connected() }
    }

    /// Waits until a notification arrives or `timeout` passes. Returns whether one arrived.
    func wait(timeout: Duration) async -> Bool {
        do {
            return try await thread.runIfActive {
                let connection = try self.connected()
                do {
                    return try !connection.waitForNotifications(timeout: timeout).isEmpty
                } catch {
                    connection.close()
                    self.connection = nil
                    throw error
                }
            }
        } catch {
            logger.debug("notification listener failed; polling instead", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: timeout)
            return false
        }
    }

    private func connected() throws -> PostgresConnection {
        if let connection, !connection.isBroken { return connection }
        connection?.close()
        let fresh = try PostgresConnection(conninfo: conninfo, applicationName: "riwayat-listener")
        try fresh.listen(channel)
        connection = fresh
        return fresh
    }
}
