import CareerDomain
import Foundation

/// Generated workforces as JSON Lines, streamed (never the whole workforce in memory), and
/// loaded into the log through the importer (checked, batched, idempotent).
public enum WorkforceFile {
    /// Writes the careers as JSON Lines to `sink`; returns how many events were written.
    @discardableResult
    public static func write(_ generator: WorkforceGenerator, to sink: FileHandle) throws -> Int {
        var buffer = Data()
        buffer.reserveCapacity(1 << 20)
        var events = 0
        try generator.generate(
            { career in
                for record in career.records {
                    buffer.append(try record.jsonLine())
                    buffer.append(0x0A)
                }
                events += career.records.count
                if buffer.count >= 1 << 20 {
                    try sink.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            },
            agencies: { records in
                for record in records {
                    buffer.append(try record.jsonLine())
                    buffer.append(0x0A)
                }
                events += records.count
            })
        try sink.write(contentsOf: buffer)
        return events
    }

    /// Generates the workforce into a temporary file (readable by the owner only), imports it,
    /// and removes the file. Loading the same workforce again stores nothing new.
    public static func load(
        _ generator: WorkforceGenerator, into log: CareerLog, recorder: Recorder, progress: CareerImporter.Progress? = nil
    ) async throws -> CareerImporter.Report {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("riwayat-workforce-\(UUID().uuidString).jsonl").path
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let sink = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(generator, to: sink)
        try sink.close()
        return try await CareerImporter(log: log, recorder: recorder).run(path: path, skipInvalid: false, progress: progress)
    }
}
