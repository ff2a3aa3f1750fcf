/// A SQL statement whose interpolated values become bound parameters.
///
/// `"SELECT * FROM events WHERE stream = \(nip)"` sends the text
/// `SELECT * FROM events WHERE stream = $1` and the value of `nip` separately, so a value can
/// never be spliced into the SQL text by accident. Identifiers (table or channel names) use
/// `\(identifier: name)`, which quotes them.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The SQL text with `$1`, `$2`, … placeholders.
    public var sql: String
    /// The parameters in text format; `nil` is SQL NULL.
    public var bindings: [PostgresBinding]
    /// When set, the statement is prepared once per connection under this name and then only
    /// executed (saves parsing and planning on hot paths). The SQL text must not vary.
    public var preparedName: String?

    /// The same query, prepared once per connection as `name`.
    public func prepared(as name: String) -> PostgresQuery {
        var copy = self
        copy.preparedName = name
        return copy
    }

    public init(unsafeSQL sql: String, bindings: [PostgresBinding] = []) {
        self.sql = sql
        self.bindings = bindings
    }

    public init(stringLiteral value: String) {
        self.sql = value
        self.bindings = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.bindings = stringInterpolation.bindings
    }

    /// Builds the SQL text and its bindings.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var bindings: [PostgresBinding]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            bindings = []
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next `$n` parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            bindings.append(value.postgresBinding)
            sql += "$\(bindings.count)"
        }

        /// Binds an optional value; `nil` becomes SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bindings.append(value?.postgresBinding ?? PostgresBinding(text: nil))
            sql += "$\(bindings.count)"
        }

        /// Inserts a quoted SQL identifier (a table, column or channel name).
        public mutating func appendInterpolation(identifier: String) {
            sql += PostgresQuery.quoteIdentifier(identifier)
        }

        /// Inserts another query, renumbering its parameters.
        public mutating func appendInterpolation(fragment: PostgresQuery) {
            let offset = bindings.count
            sql += offset == 0 ? fragment.sql : PostgresQuery.renumber(fragment.sql, by: offset)
            bindings += fragment.bindings
        }
    }

    /// Quotes an identifier the way PostgreSQL expects (`a"b` becomes `"a""b"`).
    public static func quoteIdentifier(_ name: String) -> String {
        var quoted = "\""
        for character in name where character != "\0" {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        quoted += "\""
        return quoted
    }

    /// Shifts `$n` placeholders by `offset`, skipping quoted strings and identifiers.
    static func renumber(_ sql: String, by offset: Int) -> String {
        var output = ""
        var iterator = Array(sql.unicodeScalars)[...]
        var quote: Unicode.Scalar?
        while let scalar = iterator.popFirst() {
            if let open = quote {
                output.unicodeScalars.append(scalar)
                if scalar == open { quote = nil }
                continue
            }
            if scalar == "'" || scalar == "\"" {
                quote = scalar
                output.unicodeScalars.append(scalar)
                continue
            }
            if scalar == "$", let first = iterator.first, ("0"..."9").contains(first) {
                var digits = ""
                while let next = iterator.first, ("0"..."9").contains(next) {
                    digits.unicodeScalars.append(next)
                    iterator.removeFirst()
                }
                output += "$\((Int(digits) ?? 0) + offset)"
                continue
            }
            output.unicodeScalars.append(scalar)
        }
        return output
    }
}
