import Hummingbird
import Logging

/// Where and how the daemon listens.
public struct DaemonConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// Builds the router with every route (without the web pages when `pages` is false: the API
/// alone, as the OpenAPI document describes it); tests use it directly.
public func buildRouter(services: DaemonServices, pages: Bool = true) -> Router<RiwayatRequestContext> {
    let router = Router(context: RiwayatRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: IntegrityMiddleware(integrity: services.integrity))
    router.add(middleware: DatabaseFailureMiddleware())
    router.add(middleware: AuthenticationMiddleware(tokens: services.tokens))
    router.add(middleware: QueryParameterMiddleware())
    router.add(middleware: ReadRoutingMiddleware(services: services))
    router.addRoutes(HealthController(services: services).routes)
    router.addRoutes(EmployeeController(services: services).routes)
    router.addRoutes(FindingsController(services: services).routes)
    router.addRoutes(ReportController(services: services).routes)
    router.addRoutes(MeritController(services: services).routes)
    router.addRoutes(AgencyController(services: services).routes)
    router.addRoutes(LogController(services: services).routes)
    router.addRoutes(DossierController(services: services).routes)
    router.addRoutes(AdminController(services: services).routes)
    if pages {
        // The web pages: signed in with a session cookie (API routes never read it).
        router.addRoutes(SignInController(services: services).routes)
        router.addRoutes(InspectorPagesController(services: services).routes)
        router.addRoutes(DashboardController(services: services).routes)
        router.addRoutes(MeritPagesController(services: services).routes)
        router.addRoutes(AdminPagesController(services: services).routes)
    }
    router.get("openapi.json") { _, _ in
        JSONBody.raw(OpenAPIDocument.json, contentType: "application/json")
    }
    router.get("openapi.yaml") { _, _ in
        JSONBody.raw(OpenAPIDocument.yaml, contentType: "application/yaml")
    }
    return router
}

/// Builds the daemon's HTTP application with the log follower that keeps its cache honest;
/// tests call this directly.
public func buildApplication(
    configuration: DaemonConfiguration, services: DaemonServices, logger: Logger,
    onServing: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(services: services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "riwayat"),
        services: [StreamHeadsService(store: services.store, heads: services.heads)],
        onServerRunning: { channel in await onServing(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
