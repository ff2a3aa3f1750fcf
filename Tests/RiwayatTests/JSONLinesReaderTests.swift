import Foundation
import Testing

@testable import CareerLog

@Suite("JSON Lines reader")
struct JSONLinesReaderTests {
    func lines(of text: String) throws -> [(Int, String)] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("riwayat-lines-\(UUID()).jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try JSONLinesReader(path: path)
        var result = [(Int, String)]()
        while let (number, data, _) = try reader.next() { result.append((number, String(decoding: data, as: UTF8.self))) }
        return result
    }

    @Test func blankLinesAreSkippedButCountedAndTheLastLineNeedsNoNewline() throws {
        let read = try lines(of: "{\"a\":1}\n\n  \t\r\n{\"b\":2}\r\n{\"c\":3}")
        #expect(read.map(\.0) == [1, 4, 5])
        #expect(read.map(\.1) == ["{\"a\":1}", "{\"b\":2}\r", "{\"c\":3}"])
        #expect(try lines(of: "").isEmpty)
        #expect(try lines(of: "\n\n").isEmpty)
        #expect(try lines(of: "{}\n").map(\.0) == [1])
    }

    @Test func linesAcrossChunkBoundariesArriveWhole() throws {
        // Lines of varying length over several 1 MiB reads.
        var text = ""
        var expected = [String]()
        for index in 0..<40_000 {
            let line = "{\"n\":\(index),\"pad\":\"\(String(repeating: "x", count: index % 97))\"}"
            expected.append(line)
            text += line + "\n"
        }
        let read = try lines(of: text)
        #expect(read.count == expected.count)
        #expect(read.map(\.1) == expected)
        #expect(read.last?.0 == 40_000)
    }

    /// What `countRecords` says of `text` in a file, and how many lines `next()` hands out.
    func counted(_ text: String) throws -> (counted: Int, read: Int) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("riwayat-count-\(UUID()).jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try JSONLinesReader(path: path)
        var read = 0
        while try reader.next() != nil { read += 1 }
        return (try JSONLinesReader.countRecords(path: path), read)
    }

    @Test func countingRecordsAgreesWithReadingThem() throws {
        for text in [
            "", "\n", "\n\n \t\r\n", "{}", "{}\n", "{\"a\":1}\n\n  \t\r\n{\"b\":2}\r\n{\"c\":3}", "  {}  \n\t\n\r\r\n x",
        ] {
            let result = try counted(text)
            #expect(result.counted == result.read, "\(text.debugDescription)")
        }
        #expect(try counted("{}\n\n{}").counted == 2)
        // Blank runs and lines that cross the 1 MiB reads, a whitespace run at a boundary included.
        var text = ""
        for index in 0..<30_000 {
            text +=
                index % 7 == 0
                ? String(repeating: " ", count: index % 300) + "\n"
                : "{\"n\":\(index),\"pad\":\"\(String(repeating: "x", count: index % 97))\"}\n"
        }
        let long = try counted(text)
        #expect(long.counted == long.read && long.read == 30_000 - 30_000 / 7 - 1)
        // A CSV file's header is not a record (the rows are not read here: only counted).
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("riwayat-count-\(UUID()).csv").path
        try Data("id,nip\n1,2\n\n3,4\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try JSONLinesReader.countRecords(path: path) == 2)
    }
}
