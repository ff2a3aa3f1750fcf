import ArgumentParser
import CareerDomain
import EventStore
import Foundation
import Projections

#if canImport(Glibc)
import Glibc
#endif

/// `riwayat projections status|rebuild|run`.
struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections", abstract: "Inspect, rebuild or run the read models.",
        subcommands: [Status.self, Rebuild.self, Run.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each projection's version, checkpoint and lag.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let status = try await database.withDatabase(maxConnections: 1) { pool, logger in
                try await ProjectionStatus.employees(store: EventStore(pool: pool, logger: logger))
            }
            print(
                TextTable.render(
                    header: ["projection", "version", "checkpoint", "head", "lag (events)", "lag (s)"],
                    rows: [
                        [
                            status.name, status.version.map(String.init) ?? "never run", String(status.checkpoint), String(status.head),
                            String(status.lagEvents), String(format: "%.1f", status.lagSeconds),
                        ]
                    ]))
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the read models from the log into shadow tables, then swap them in.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The projection to rebuild (employees).")
        var name: String = EmployeeProjection.name

        func validate() throws {
            guard name == EmployeeProjection.name else {
                throw ValidationError("unknown projection \(name); known: \(EmployeeProjection.name)")
            }
        }

        func run() async throws {
            let terminal = isatty(2) == 1
            let position = try await database.withDatabase(maxConnections: 2) { pool, logger in
                let progress = ProgressReporter(terminal: terminal, started: .now, label: "rebuild")
                return try await EmployeeProjection(store: EventStore(pool: pool, logger: logger), logger: logger).rebuild { done, total in
                    progress.update(done: Int(done), total: Int(total))
                }
            }
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            print("rebuilt \(EmployeeProjection.name) up to position \(position)")
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Catch the read models up with the log, then exit (or --follow).")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Keep following the log until interrupted.")
        var follow = false

        func run() async throws {
            let follow = self.follow
            let position = try await database.withDatabase(maxConnections: 2) { pool, logger in
                let projection = EmployeeProjection(store: EventStore(pool: pool, logger: logger), logger: logger)
                if follow {
                    // Until interrupted; then the position reached (the exit status says it was interrupted).
                    await ProjectionRunner(projection: projection).run()
                    return (try? await projection.checkpoint()?.position) ?? 0
                }
                var position = try await projection.checkpoint()?.position ?? 0
                while true {
                    let next = try await projection.applyNext()
                    if next == position { break }
                    position = next
                }
                return position
            }
            print("\(EmployeeProjection.name) is at position \(position)")
        }
    }
}
