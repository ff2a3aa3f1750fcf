import CareerDomain
import Foundation

/// Reads a file line by line in 1 MiB chunks, without loading it whole. Blank lines are skipped
/// (their numbers still count).
struct JSONLinesReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var offset = 0
    private var lineNumber = 0
    private var finished = false

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DomainError(field: "file", rule: "cannot read \(path)")
        }
        self.handle = handle
    }

    /// The next non-blank line and its number, or `nil` at the end.
    mutating func next() throws -> (Int, Data)? {
        while true {
            if let newline = buffer[offset...].firstIndex(of: 0x0A) {
                let line = buffer[offset..<newline]
                offset = newline + 1
                lineNumber += 1
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { return (lineNumber, Data(line)) }
                continue
            }
            if finished {
                guard offset < buffer.count else { return nil }
                let line = buffer[offset...]
                offset = buffer.count
                lineNumber += 1
                return line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) ? (lineNumber, Data(line)) : nil
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { finished = true }
            buffer = Data(buffer[offset...]) + chunk
            offset = 0
        }
    }
}
