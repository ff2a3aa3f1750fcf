import CLibPQ
import Foundation

/// The rows of one query result. Owns the libpq result and clears it when released.
public final class PostgresRows: @unchecked Sendable, RandomAccessCollection {
    // A PGresult is read-only once complete; reading it from several threads is safe.
    let result: OpaquePointer
    public let count: Int
    public let columnNames: [String]
    /// Each column's type OID (`int8` 20, `numeric` 1700, `text` 25, …).
    public let columnTypes: [UInt32]
    /// The command tag's row count (`INSERT 0 5` gives 5), or 0.
    public let affectedRows: Int

    init(result: OpaquePointer) {
        self.result = result
        self.count = Int(PQntuples(result))
        let columns = Int(PQnfields(result))
        var names = [String]()
        names.reserveCapacity(columns)
        for column in 0..<columns {
            names.append(PQfname(result, Int32(column)).map { String(cString: $0) } ?? "?column?")
        }
        self.columnNames = names
        self.columnTypes = (0..<columns).map { UInt32(PQftype(result, Int32($0))) }
        self.affectedRows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
    }

    deinit {
        PQclear(result)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> PostgresRow {
        PostgresRow(rows: self, index: position)
    }

    /// The first row, or `nil` when there is none.
    public var firstRow: PostgresRow? { isEmpty ? nil : self[0] }

    /// The column's index by name.
    public func columnIndex(_ name: String) -> Int? {
        columnNames.firstIndex(of: name)
    }

    func cell(row: Int, column: Int) throws -> PostgresCell {
        guard column >= 0, column < columnNames.count else {
            throw PostgresError(code: .decoding, message: "column index \(column) out of range (\(columnNames.count) columns)")
        }
        let type = UInt32(PQftype(result, Int32(column)))
        if PQgetisnull(result, Int32(row), Int32(column)) != 0 {
            return PostgresCell(bytes: nil, columnName: columnNames[column], columnIndex: column, typeOID: type)
        }
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        let pointer = UnsafeRawPointer(PQgetvalue(result, Int32(row), Int32(column)))
        return PostgresCell(
            bytes: UnsafeRawBufferPointer(start: pointer, count: length),
            columnName: columnNames[column], columnIndex: column, typeOID: type)
    }
}
