import Foundation
import PostgresClient
import Testing

@Suite("Query interpolation and value formats (no database)")
struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeParameters() {
        let nip = "198609262015051001'; DROP TABLE events; --"
        let limit = 5
        let query: PostgresQuery = "SELECT * FROM events WHERE stream = \(nip) LIMIT \(limit)"
        #expect(query.sql == "SELECT * FROM events WHERE stream = $1 LIMIT $2")
        #expect(query.bindings.map(\.text) == [nip, "5"])
    }

    @Test func nilBindsNull() {
        let missing: String? = nil
        let query: PostgresQuery = "SELECT \(missing)"
        #expect(query.sql == "SELECT $1")
        #expect(query.bindings == [PostgresBinding(text: nil)])
    }

    @Test func identifiersAreQuoted() {
        let query: PostgresQuery = "LISTEN \(identifier: "a\"b; DROP")"
        #expect(query.sql == "LISTEN \"a\"\"b; DROP\"")
        #expect(query.bindings.isEmpty)
    }

    @Test func fragmentsAreRenumbered() {
        let inner: PostgresQuery = "x = \(1) AND y = '$1' AND z = \(2)"
        let outer: PostgresQuery = "SELECT \(0) WHERE \(fragment: inner)"
        #expect(outer.sql == "SELECT $1 WHERE x = $2 AND y = '$1' AND z = $3")
        #expect(outer.bindings.map(\.text) == ["0", "1", "2"])
    }

    @Test func arraysUseQuotedElements() {
        let query: PostgresQuery = "SELECT \(["a", "b\"c", "d\\e"])"
        #expect(query.bindings.first?.text == #"{"a","b\"c","d\\e"}"#)
        let mixed: PostgresQuery = "SELECT \(["Dinas Pendidikan — Sleman", "é\"", nil] as [String?])"
        #expect(mixed.bindings.first?.text == #"{"Dinas Pendidikan — Sleman","é\"",NULL}"#)
    }

    @Test func datesParseAndCountDays() throws {
        #expect(PostgresDate("2024-02-29")?.description == "2024-02-29")
        #expect(PostgresDate("2023-02-29") == nil)
        #expect(PostgresDate("1986-13-01") == nil)
        #expect(PostgresDate("+986-01-01") == nil && PostgresDate("1986-+1-01") == nil && PostgresDate("1986-01- 1") == nil)
        let date = try #require(PostgresDate(year: 2000, month: 1, day: 1))
        #expect(date.daysSinceUnixEpoch == 10_957)
        #expect(PostgresDate(daysSinceUnixEpoch: 10_957) == date)
        #expect(PostgresDate(daysSinceUnixEpoch: -1).description == "1969-12-31")
    }

    @Test func timestampsParseOffsetsAndFractions() throws {
        let utc = try #require(PostgresTimestamp("2024-03-01 12:30:45.123456+00"))
        let shifted = try #require(PostgresTimestamp("2024-03-01 19:30:45.123456+07"))
        #expect(utc == shifted)
        #expect(utc.description == "2024-03-01 12:30:45.123456+00")
        let india = try #require(PostgresTimestamp("2024-03-01 18:00:45.123456+05:30"))
        #expect(india == utc)
        #expect(PostgresTimestamp("2024-03-01") == nil)
    }

    @Test func errorDescriptionDoesNotLeakData() {
        let error = PostgresError(
            code: .server, message: "duplicate key", sqlState: .uniqueViolation,
            detail: "Key (nip)=(198609262015051001) already exists.", constraint: "people_nip_key")
        #expect(!error.description.contains("198609262015051001"))
        #expect(error.description.contains("23505"))
        #expect(error.description.contains("people_nip_key"))
        #expect(String(reflecting: error).contains("198609262015051001"))
        #expect(error.isUniqueViolation)
    }
}
