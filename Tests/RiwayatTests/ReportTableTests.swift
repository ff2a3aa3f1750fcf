import CareerDomain
import Projections
import Testing

@Suite("Report tables")
struct ReportTableTests {
    @Test func csvKeepsFormulaLikeNamesAsTextAndNumbersAsNumbers() throws {
        let day = try #require(CivilDate("2026-12-31"))
        let table = ReportTable(
            title: "t", columns: ["unit", "change", "share"],
            rows: [[.text("=HYPERLINK(\"http://evil/\",\"click\")"), .integer(-3), .decimal(-0.5)], [.text("-"), .integer(2), .null]],
            position: 7, asOf: day, parameters: ["year": .integer(2026), "agency": .text("Sleman")])
        #expect(
            table.csv == """
                unit,change,share,log_position,as_of
                "'=HYPERLINK(""http://evil/"",""click"")",-3,-0.5,7,2026-12-31
                -,2,,7,2026-12-31

                """)
        #expect(table.json.contains(#""parameters":{"agency":"Sleman","year":2026}"#), "\(table.json)")
    }
}
