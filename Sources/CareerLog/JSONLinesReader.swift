import CareerDomain
import Foundation

/// Reads a file line by line in 1 MiB chunks, without loading it whole. Blank lines are skipped
/// (their numbers still count). A `.csv` file is read in the CSV layout (`CSVRecordLine`), its
/// header skipped, and each row handed out as the equivalent JSON line.
struct JSONLinesReader {
    private let handle: FileHandle
    private let csv: Bool
    private var sawHeader = false
    private var buffer = Data()
    private var offset = 0
    private var lineNumber = 0
    private var finished = false

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DomainError(field: "file", rule: "cannot read \(path)")
        }
        self.handle = handle
        self.csv = path.lowercased().hasSuffix(".csv")
    }

    /// The next record line (JSON) and its number, or `nil` at the end; a CSV row that cannot
    /// be read comes with its error instead.
    mutating func next() throws -> (Int, Data, DomainError?)? {
        guard csv else { return try nextRawLine().map { ($0.0, $0.1, nil) } }
        while let (number, line) = try nextRawLine() {
            if !sawHeader {
                sawHeader = true
                let header = try CSVRecordLine.fields(line)
                guard header == CSVRecordLine.header else {
                    throw DomainError(field: "header", rule: "the CSV header must be \(CSVRecordLine.header.joined(separator: ","))")
                }
                continue
            }
            do {
                return (number, try CSVRecordLine.jsonLine(line), nil)
            } catch let error as DomainError {
                return (number, line, error)
            }
        }
        return nil
    }

    /// The next non-blank line and its number, or `nil` at the end.
    private mutating func nextRawLine() throws -> (Int, Data)? {
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
