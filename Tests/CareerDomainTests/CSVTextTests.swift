import CareerDomain
import Testing

@Suite("CSV text")
struct CSVTextTests {
    @Test func fieldsWithSeparatorsQuotesOrLineBreaksAreQuoted() {
        #expect(
            CSVText.line(["a", "b,c", "say \"hi\"", "two\nlines", "cr\r\nlf", ""])
                == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\nlf\",")
        #expect(CSVText.table(header: ["x"], rows: [["1"], ["2"]]) == "x\n1\n2\n")
    }

    @Test func textThatASpreadsheetWouldRunStaysText() {
        for formula in ["=HYPERLINK(\"http://evil/\",\"click\")", "+1+1", "@SUM(A1)", "\tx", "\rx", "-1+cmd|' /C calc'!A0"] {
            #expect(CSVText.text(formula) == "'" + formula, "\(formula)")
        }
        for plain in ["Dinas Pendidikan", "-", "-5", "-2.5", "", "III/a", "a=b"] {
            #expect(CSVText.text(plain) == plain, "\(plain)")
        }
    }
}
