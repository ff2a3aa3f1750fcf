import CareerDomain
import Foundation

/// Reads a file line by line in 1 MiB chunks, without loading it whole. Blank lines are skipped
/// (their numbers still count). A `.csv` file is read in the CSV layout (`CSVRecordLine`), its
/// header skipped, and each row handed out as the equivalent JSON line.
struct JSONLinesReader {
    private let handle: FileHandle
    private let csv: Bool
    private var sawHeader = false
    private var buffer = [UInt8]()
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

    /// How many records `path` holds (non-blank lines, less a CSV file's header), counted on the
    /// raw bytes in one reused buffer: a line's first byte that is not a blank counts it, then the
    /// count skips to the line's end. Lines are what `next()` hands out, without reading them.
    static func countRecords(path: String) throws -> Int {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DomainError(field: "file", rule: "cannot read \(path)") }
        defer { close(descriptor) }
        let capacity = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var count = 0
        var inLine = false  // the current line has been counted: skip to its end
        while true {
            let filled = read(descriptor, buffer, capacity)
            if filled < 0 {
                if errno == EINTR { continue }
                throw DomainError(field: "file", rule: "cannot read \(path)")
            }
            if filled == 0 { break }
            var index = 0
            while index < filled {
                if inLine {
                    guard let newline = memchr(buffer + index, 0x0A, filled - index) else { break }
                    index = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                    inLine = false
                } else {
                    let byte = buffer[index]
                    if byte != 0x0A && byte != 0x20 && byte != 0x09 && byte != 0x0D {
                        count += 1
                        inLine = true
                    } else {
                        index += 1
                    }
                }
            }
        }
        return path.lowercased().hasSuffix(".csv") ? max(0, count - 1) : count
    }

    /// The next non-blank line and its number, or `nil` at the end.
    private mutating func nextRawLine() throws -> (Int, Data)? {
        while true {
            // The next line end and whether the line holds anything but blanks, found on the
            // raw bytes (this loop runs once per line of multi-gigabyte files).
            let scan: (end: Int, blank: Bool)? = buffer.withUnsafeBufferPointer { bytes in
                guard offset < bytes.count, let base = bytes.baseAddress else { return nil }
                let end: Int
                if let newline = memchr(base + offset, 0x0A, bytes.count - offset) {
                    end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                } else if finished {
                    end = bytes.count
                } else {
                    return nil
                }
                let blank = bytes[offset..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                return (end, blank)
            }
            if let (end, blank) = scan {
                let start = offset
                offset = min(end + 1, buffer.count)
                lineNumber += 1
                if !blank { return (lineNumber, Data(buffer[start..<end])) }
                continue
            }
            if finished { return nil }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { finished = true }
            buffer.removeFirst(offset)
            buffer.append(contentsOf: chunk)
            offset = 0
        }
    }
}
