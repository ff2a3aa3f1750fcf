import CLibPQ
import Foundation

/// One row of a result.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int

    /// Decodes the column at `column`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int) throws -> T {
        try withExtendedLifetime(rows) { try T.decode(from: rows.cell(row: index, column: column)) }
    }

    /// Decodes the column named `name`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column name: String) throws -> T {
        guard let column = rows.columnIndex(name) else {
            throw PostgresError(code: .decoding, message: "no column named \"\(name)\"", column: name)
        }
        return try decode(T.self, at: column)
    }

    /// Decodes the leading columns into a tuple: `row.decode((Int, String?).self)`.
    public func decode<each T: PostgresDecodable>(_ types: (repeat each T).Type) throws -> (repeat each T) {
        var column = 0
        func next<U: PostgresDecodable>(_ type: U.Type) throws -> U {
            defer { column += 1 }
            return try decode(U.self, at: column)
        }
        return (repeat try next((each T).self))
    }

    /// Decodes a `json`/`jsonb` column into a `Decodable` type.
    public func decodeJSON<T: Decodable>(_ type: T.Type, at column: Int, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try withExtendedLifetime(rows) {
            let cell = try rows.cell(row: index, column: column)
            let bytes = try cell.require(T.self)
            do {
                return try decoder.decode(T.self, from: Data(bytes))
            } catch {
                throw cell.mismatch(T.self, "invalid JSON for this type")
            }
        }
    }

    /// Whether the column is NULL.
    public func isNull(at column: Int) -> Bool {
        PQgetisnull(rows.result, Int32(index), Int32(column)) != 0
    }
}
