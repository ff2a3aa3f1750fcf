import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import QueryDaemon
import ServiceLifecycle
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    @Test func anInFlightRequestFinishesWhenShutdownStarts() async throws {
        let fixture = try await DaemonFixture.make()
        let router = buildRouter(services: fixture.services)
        let (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        router.get("test/slow") { _, _ -> String in
            enteredContinuation.yield()
            for await _ in release { break }
            return "finished"
        }
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "test"))
        let group = ServiceGroup(services: [app], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        var portIterator = ports.makeAsyncIterator()
        let port = try #require(await portIterator.next())

        let request = Task { () -> (Int, String) in
            // crash-ok: constant URL
            let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/test/slow")!)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        var enteredIterator = entered.makeAsyncIterator()
        _ = await enteredIterator.next()
        await group.triggerGracefulShutdown()
        releaseContinuation.yield()
        let (status, body) = try await request.value
        #expect(status == 200)
        #expect(body == "finished")
        try await running.value
        await fixture.services.pool.close()
    }
}
