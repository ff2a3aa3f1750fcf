import Foundation
import PostgresClient
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `riwayat serve` as an operator starts it: sample data only where it belongs, never as a
/// superuser, the demo token never into a log.
@Suite("The serve command", .serialized)
struct ServeCommandTests {
    /// A port nobody listens on now.
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs `serve` in `directory` until it says it is serving (or exits), then stops it with
    /// SIGTERM; returns its exit status and everything it printed.
    static func serve(
        _ arguments: [String], databaseURL: String, accessLogURL: String? = nil, in directory: String
    ) async throws -> (status: Int32, output: String, servedAt: Bool) {
        let binary = try RiwayatBinary.path()
        let outputPath = directory + "/serve.out"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw PostgresError(code: .invalidQuery, message: "cannot write \(outputPath)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", String(freePort())] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        environment["RIWAYAT_ACCESS_LOG_URL"] = accessLogURL
        environment["RIWAYAT_LOG_LEVEL"] = "warning"
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let served =
            await eventually(timeout: .seconds(240)) {
                !process.isRunning || ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "").contains("riwayat is serving")
            } && process.isRunning
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        // Polled rather than `waitUntilExit`, which can spin for ever on a cooperative thread.
        let exited = await eventually(timeout: .seconds(120)) { !process.isRunning }
        if !exited {
            Issue.record("serve did not exit within two minutes of SIGTERM")
            kill(process.processIdentifier, SIGKILL)
        }
        try handle.close()
        let status = !process.isRunning ? process.terminationStatus : -1
        return (status, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "", served)
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o755)
        return path
    }

    @Test func aConfiguredDatabaseGetsNoSampleUnlessAskedAndTheTokenNeverReachesTheOutput() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Without the access log's own role, the daemon does not start.
        let unlogged = try await Self.serve([], databaseURL: database.appConninfo, in: directory)
        #expect(!unlogged.servedAt && unlogged.status == 1)
        #expect(unlogged.output.contains("the access log connects as riwayat_app, which may append events"), "\(unlogged.output)")
        let plain = try await Self.serve([], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo, in: directory)
        #expect(plain.servedAt && plain.status == 0, "\(plain.output)")
        let connection = try database.connect()
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM events").firstRow?.decode(Int.self, at: 0) == 0)
        #expect(try connection.query("SELECT count(*) FROM api_tokens").firstRow?.decode(Int.self, at: 0) == 0)

        let sampled = try await Self.serve(
            ["--sample", "--sample-employees", "4"], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo,
            in: directory)
        #expect(sampled.servedAt && sampled.status == 0, "\(sampled.output)")
        #expect(
            try connection.query("SELECT count(DISTINCT stream) FROM events WHERE stream NOT LIKE 'instansi:%'").firstRow?.decode(
                Int.self, at: 0) == 4)
        // And the eight agencies' streams: their competency standards and career patterns.
        #expect(
            try connection.query("SELECT count(DISTINCT stream) FROM events WHERE stream LIKE 'instansi:%'").firstRow?.decode(
                Int.self, at: 0)
                == 8)
        // Recorded as the sample's account, and the demo token shown once: not in the output.
        #expect(
            try connection.query("SELECT count(*) FROM events WHERE metadata::text NOT LIKE '%\"recordedBy\":\"system:sample\"%'").firstRow?
                .decode(Int.self, at: 0) == 0)
        #expect(!sampled.output.contains("rwy_"), "\(sampled.output)")
        let tokenFile = directory + "/.riwayat/demo-token"
        #expect(sampled.output.contains("the demo token (all roles) was written to \(tokenFile)"), "\(sampled.output)")
        let attributes = try FileManager.default.attributesOfItem(atPath: tokenFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let saved = (try? String(contentsOfFile: tokenFile, encoding: .utf8)) ?? ""
        #expect(saved.hasPrefix("rwy_") && saved.hasSuffix("\n") && !saved.dropLast().contains { $0 == " " || $0 == "\n" }, "\(saved)")
    }

    @Test func aSuperuserURLIsRefused() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let refused = try await Self.serve([], databaseURL: database.conninfo, in: directory)
        #expect(!refused.servedAt && refused.status == 1)
        #expect(refused.output.contains("postgres is a superuser: connect as riwayat_app"), "\(refused.output)")
        let events = try RiwayatBinary.run(try RiwayatBinary.path(), ["events", "198609262015051001"], databaseURL: database.conninfo)
        #expect(events.status == 1 && events.output.contains("is a superuser"), "\(events.output)")
    }

    @Test func aClusterThisCommandCreatesGetsTheSample() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await Self.serve(["--data-dir", directory + "/pgdata", "--sample-employees", "3"], databaseURL: "", in: directory)
        #expect(first.servedAt && first.status == 0, "\(first.output)")
        #expect(first.output.contains("loading a sample workforce of 3"), "\(first.output)")
        // Started again on the same cluster: not created now, so nothing more is loaded.
        let second = try await Self.serve(["--data-dir", directory + "/pgdata", "--sample-employees", "3"], databaseURL: "", in: directory)
        #expect(second.servedAt && second.status == 0, "\(second.output)")
        #expect(!second.output.contains("loading a sample workforce"), "\(second.output)")
        // The server it started is stopped when it exits: nothing left running.
        #expect(!FileManager.default.fileExists(atPath: directory + "/pgdata/postmaster.pid"))
    }

    @Test func libpqsEnvironmentCannotSteerTheEmbeddedClusterAndNoServerIsLeftBehind() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = try RiwayatBinary.path()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["generate", "--employees", "2", "--seed", "3", "--append", "--data-dir", directory + "/pgdata"]
        var environment = ProcessInfo.processInfo.environment
        // What a database administrator's shell often has: another port, host and user.
        environment["PGPORT"] = "6543"
        environment["PGHOST"] = "/nonexistent"
        environment["PGUSER"] = "nobody"
        environment["RIWAYAT_LOG_LEVEL"] = "warning"
        environment.removeValue(forKey: "DATABASE_URL")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let exited = await eventually(timeout: .seconds(240)) { !process.isRunning }
        #expect(exited)
        let text = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        #expect(!process.isRunning && process.terminationStatus == 0, "\(text)")
        #expect(text.contains("appended"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/pgdata/postmaster.pid"))
    }
}
