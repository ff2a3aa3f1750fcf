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
}
