import Testing

@testable import Projections

/// Shadow tables' index names: the live name plus a suffix, within PostgreSQL's 63 bytes.
@Suite("Read-model tables")
struct ReadModelTablesTests {
    @Test func shadowNamesFitPostgreSQLsLimit() {
        #expect(ReadModelTables.shadowName(of: "employee_periods_valid", suffix: "_next") == "employee_periods_valid_next")
        let long = String(repeating: "a", count: 70)
        #expect(ReadModelTables.shadowName(of: long, suffix: "_next") == String(repeating: "a", count: 58) + "_next")
        // A multi-byte character at the cut is dropped whole, never split.
        let accented = String(repeating: "b", count: 57) + "é" + "tail"
        let name = ReadModelTables.shadowName(of: accented, suffix: "_next")
        #expect(name.utf8.count <= 63)
        #expect(name == String(repeating: "b", count: 57) + "_next")
    }
}
