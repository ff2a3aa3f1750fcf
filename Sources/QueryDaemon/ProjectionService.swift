import EventStore
import Logging
import Metrics
import Projections
import ServiceLifecycle

/// The projection runner as a service: stops when the group shuts down.
struct ProjectionService: Service {
    let runner: ProjectionRunner

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await runner.run()
        }
    }
}
