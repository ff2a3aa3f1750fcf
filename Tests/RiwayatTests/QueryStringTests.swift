import Foundation
import PropertyBased
import Testing

@testable import QueryDaemon

@Suite("Query strings read as forms")
struct QueryStringTests {
    @Test func plusIsASpaceAndEscapesAreUTF8() throws {
        let query = try QueryString("agency=Pemerintah+Kabupaten%20Gowa&unit=Dinas%2BKesehatan&by=&explain&q=%E2%80%93")
        #expect(query.values("agency") == ["Pemerintah Kabupaten Gowa"])
        #expect(query.values("unit") == ["Dinas+Kesehatan"])
        #expect(query.values("by") == [""] && query.values("explain") == [""] && query.values("q") == ["–"])
        #expect(query.names == ["agency", "unit", "by", "explain", "q"])
        #expect(try QueryString(nil).pairs.isEmpty && QueryString("").pairs.isEmpty)
    }

    @Test func brokenEscapesAndBytesThatAreNotUTF8AreRefused() {
        for raw in ["a=%", "a=%4", "a=%zz", "a=%FF", "a=%C3%28", "%E2%82=x"] {
            #expect(throws: QueryString.Malformed.self, "\(raw)") { try QueryString(raw) }
        }
    }

    @Test func anyTextSurvivesFormEncoding() async {
        let scalars = Gen<UInt32>.value(in: 0x20...0x2FFF).compactMap { Unicode.Scalar($0) }
        let text = scalars.array(of: 0...30).map { String(String.UnicodeScalarView($0)) }
        await propertyCheck(count: 500, input: text, text) { name, value in
            let allowed = CharacterSet.alphanumerics.subtracting(CharacterSet(charactersIn: "+&=%"))
            func encode(_ text: String) -> String {
                (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
            }
            let query = try QueryString("\(encode(name))=\(encode(value))&other=1")
            #expect(query.values(name) == [value] || name == "other")
        }
    }
}
