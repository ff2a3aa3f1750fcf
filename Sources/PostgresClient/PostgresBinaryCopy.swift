import Foundation

/// PostgreSQL's binary COPY format: header, tuples, trailer.
public enum PostgresBinaryCopy {
    /// The 19-byte file header (signature, flags, extension length).
    public static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// The file trailer (a field count of -1).
    public static let trailer: [UInt8] = [0xFF, 0xFF]
    /// Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
    public static let postgresEpochOffsetMicros: Int64 = 946_684_800_000_000
    /// Days between 1970-01-01 and 2000-01-01.
    public static let postgresEpochOffsetDays = 10_957
}

/// One tuple in binary COPY format, built field by field.
public struct PostgresBinaryRow {
    public private(set) var bytes: [UInt8]

    public init(fieldCount: Int, capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        appendInteger(UInt16(fieldCount))
    }

    mutating func appendInteger<I: FixedWidthInteger>(_ value: I) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func null() { appendInteger(Int32(-1)) }

    public mutating func int64(_ value: Int64) {
        appendInteger(Int32(8))
        appendInteger(value)
    }

    public mutating func int32(_ value: Int32) {
        appendInteger(Int32(4))
        appendInteger(value)
    }

    /// `text`, `varchar`, `json` (as text bytes).
    public mutating func text(_ value: String) {
        let utf8 = value.utf8
        appendInteger(Int32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// `bytea`.
    public mutating func bytea(_ value: some Collection<UInt8>) {
        appendInteger(Int32(value.count))
        bytes.append(contentsOf: value)
    }

    /// `uuid`.
    public mutating func uuid(_ value: UUID) {
        appendInteger(Int32(16))
        withUnsafeBytes(of: value.uuid) { bytes.append(contentsOf: $0) }
    }

    /// `date`.
    public mutating func date(_ value: PostgresDate) {
        int32(Int32(value.daysSinceUnixEpoch - PostgresBinaryCopy.postgresEpochOffsetDays))
    }

    /// `timestamptz`.
    public mutating func timestamp(_ value: PostgresTimestamp) {
        int64(value.microsecondsSinceUnixEpoch - PostgresBinaryCopy.postgresEpochOffsetMicros)
    }

    /// `jsonb` (version byte 1, then the text).
    public mutating func jsonb(_ text: String) {
        let utf8 = text.utf8
        appendInteger(Int32(utf8.count + 1))
        bytes.append(1)
        bytes.append(contentsOf: utf8)
    }
}

/// Reads binary COPY output chunk by chunk and hands out complete tuples.
public struct PostgresBinaryCopyReader {
    private var pending: [UInt8] = []
    private var sawHeader = false
    public private(set) var finished = false

    public init() {}

    /// Feeds a chunk; calls `body` with the fields of every complete tuple in it.
    public mutating func consume(
        _ chunk: UnsafeRawBufferPointer, _ body: (PostgresBinaryFields) throws -> Void
    ) throws {
        if pending.isEmpty {
            let used = try parse(chunk, body)
            if used < chunk.count { pending.append(contentsOf: chunk[used...]) }
        } else {
            pending.append(contentsOf: chunk)
            let buffer = pending
            let used = try buffer.withUnsafeBytes { try parse($0, body) }
            pending.removeFirst(used)
        }
    }

    private mutating func parse(
        _ data: UnsafeRawBufferPointer, _ body: (PostgresBinaryFields) throws -> Void
    ) throws -> Int {
        var offset = 0
        if !sawHeader {
            guard data.count >= 19 else { return 0 }
            guard data.prefix(11).elementsEqual(PostgresBinaryCopy.header.prefix(11)) else {
                throw PostgresError(code: .copyFailed, message: "binary COPY data has no valid signature")
            }
            let extensionLength = Int(readInt32(data, 15))
            guard data.count >= 19 + extensionLength else { return 0 }
            offset = 19 + extensionLength
            sawHeader = true
        }
        while offset + 2 <= data.count, !finished {
            let fieldCount = Int(Int16(bitPattern: UInt16(data[offset]) << 8 | UInt16(data[offset + 1])))
            if fieldCount == -1 {
                finished = true
                offset += 2
                break
            }
            // Find the tuple's end; stop if it is not complete yet.
            var cursor = offset + 2
            var complete = true
            for _ in 0..<fieldCount {
                guard cursor + 4 <= data.count else {
                    complete = false
                    break
                }
                let length = Int(readInt32(data, cursor))
                cursor += 4 + max(0, length)
                if cursor > data.count {
                    complete = false
                    break
                }
            }
            guard complete else { break }
            try body(PostgresBinaryFields(data: UnsafeRawBufferPointer(rebasing: data[offset..<cursor]), count: fieldCount))
            offset = cursor
        }
        return offset
    }
}

func readInt32(_ data: UnsafeRawBufferPointer, _ offset: Int) -> Int32 {
    Int32(
        bitPattern: UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16
            | UInt32(data[offset + 2]) << 8 | UInt32(data[offset + 3]))
}

/// The fields of one binary COPY tuple, read in order.
public struct PostgresBinaryFields {
    let data: UnsafeRawBufferPointer
    public let count: Int
    private var offset = 2

    init(data: UnsafeRawBufferPointer, count: Int) {
        self.data = data
        self.count = count
    }

    /// The next field's bytes, or `nil` for NULL.
    public mutating func next() -> UnsafeRawBufferPointer? {
        let length = Int(readInt32(data, offset))
        offset += 4
        guard length >= 0 else { return nil }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: data[offset..<offset + length])
    }

    public mutating func int64() -> Int64? {
        guard let field = next(), field.count == 8 else { return nil }
        var value: UInt64 = 0
        for byte in field { value = value << 8 | UInt64(byte) }
        return Int64(bitPattern: value)
    }

    public mutating func int32() -> Int32? {
        guard let field = next(), field.count == 4 else { return nil }
        return readInt32(field, 0)
    }

    /// The same tuple, read again from its first field.
    public func rewound() -> PostgresBinaryFields {
        PostgresBinaryFields(data: data, count: count)
    }
}
