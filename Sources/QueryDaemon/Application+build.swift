import Hummingbird
import Logging
import PostgresClient

/// Where and how the daemon listens.
public struct DaemonConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// Builds the daemon's HTTP application; tests call this directly.
public func buildApplication(
    configuration: DaemonConfiguration, pool: PostgresConnectionPool, logger: Logger
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    router.addRoutes(HealthController<BasicRequestContext>(pool: pool).routes)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "riwayat"),
        logger: logger)
}
