import Foundation
import Testing

@testable import CareerDomain

/// Any JSON value, decoded through the `Decoder` protocol only: used to compare the catalogue
/// decoder with Foundation's on arbitrary documents.
private enum Tree: Decodable, Equatable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([Tree]), object([String: Tree])

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: TapeCodingKey.self) {
            var members = [String: Tree]()
            for key in container.allKeys { members[key.stringValue] = try container.decode(Tree.self, forKey: key) }
            self = .object(members)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements = [Tree]()
            while !container.isAtEnd { elements.append(try container.decode(Tree.self)) }
            self = .array(elements)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }
}

@Suite("Catalogue JSON decoder")
struct CatalogueJSONDecoderTests {
    let fast = CatalogueJSONDecoder()

    @Test(arguments: [
        #"{}"#, #"[]"#, #"  {"a" : [1, 2.5, -3, 0, 1e3, -0.25E-2, true, false, null]}  "#,
        #"{"text":"tab\tquote\"slash\/back\\ nl\n é \u00e9 \ud83d\ude00 \u0000"}"#,
        #"{"nested":{"deeper":{"list":[{"x":"y"},[],{}]}},"after":"z"}"#,
        #"["Dinas Pendidikan", "Guru Ahli Pertama", "III/a", 9223372036854775807, -9223372036854775808]"#,
        "\"plain\"", "12", "null",
    ])
    func validDocumentsDecodeAsFoundationDoes(text: String) throws {
        let expected = try JSONDecoder().decode(Tree.self, from: Data(text.utf8))
        #expect(try fast.decode(Tree.self, from: Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "}", #"{"a":1,}"#, "[1 2]", "[1,]", "01", "1.", ".5", "-", "1e", "+1", #""\x""#, #""\u12G4""#,
        "tru", "nul", "falsey", #"{"a" 1}"#, #"{a:1}"#, #"{"a":1}}"#, #"{"a":1} x"#, "\"line\nbreak\"", #""unterminated"#,
        "[" + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5001),
    ])
    func malformedDocumentsAreRefused(text: String) {
        // Strict RFC 8259, as PostgreSQL's jsonb: trailing commas too (Foundation tolerates those).
        #expect(throws: DecodingError.self) { try fast.decode(Tree.self, from: Array(text.utf8)) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: DecodingError.self) { try fast.decode(Tree.self, from: Array(deep.utf8)) }
    }

    @Test func loneSurrogatesAndBadUTF8AreRefused() {
        #expect(throws: DecodingError.self) { try fast.decode(String.self, from: Array(#""\ud83d""#.utf8)) }
        #expect(throws: DecodingError.self) { try fast.decode(String.self, from: Array(#""\ude00x""#.utf8)) }
        #expect(throws: DecodingError.self) { try fast.decode(String.self, from: [0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func numbersMustFitTheirType() throws {
        #expect(try fast.decode(Int.self, from: Array("2.0".utf8)) == 2)
        #expect(try fast.decode(Double.self, from: Array("2".utf8)) == 2)
        #expect(try fast.decode(Double.self, from: Array("-1.5e2".utf8)) == -150)
        #expect(throws: DecodingError.self) { try fast.decode(Int.self, from: Array("2.5".utf8)) }
        #expect(throws: DecodingError.self) { try fast.decode(Int.self, from: Array("9223372036854775808".utf8)) }
        #expect(throws: DecodingError.self) { try fast.decode(UInt8.self, from: Array("256".utf8)) }
        #expect(throws: DecodingError.self) { try fast.decode(Double.self, from: Array("1e999".utf8)) }
    }

    @Test func theLastDuplicateKeyWinsAsInJSONB() throws {
        struct One: Decodable { var a: Int }
        #expect(try fast.decode(One.self, from: Array(#"{"a":1,"b":2,"a":3}"#.utf8)).a == 3)
    }

    @Test func errorsCarryTheCodingPathOfTheField() {
        func described(_ payload: String) -> String? {
            do {
                _ = try CareerEvent.decode(
                    type: "PostAssigned", schemaVersion: 1, payload: Array(payload.utf8), effectiveDate: CivilDate(dayNumber: 0))
                return nil
            } catch {
                return (error as? DomainError)?.description
            }
        }
        let post = #""title":"Analis","kind":"Fungsional","level":"Ahli Pertama","org":{"unit":"BKD","agency":"Pemprov"}"#
        #expect(described(#"{"post":{\#(post)}}"#) == "payload.assignment: is missing")
        #expect(described(#"{"assignment":"Definitif","post":{"title":7,"kind":"Fungsional"}}"#) == "payload.post.title: must be a string")
        #expect(described(#"{"assignment":"Definitif","post":{"kind":"Fungsional"}}"#) == "payload.post.title: is missing")
        #expect(
            described(#"{"assignment":"Definitif","post":{"title":"Analis","kind":"Fungsional","org":{"unit":"BKD"}}}"#)
                == "payload.post.org.agency: is missing")
        #expect(described(#"{"assignment":"Definitif","post":null}"#) == "payload.post: must not be null")
        #expect(described(#"{"assignment":"Definitif","post":{\#(post)}"#)?.hasPrefix("payload: is not valid JSON") == true)
    }

    @Test func everyGeneratedEventRoundTripsThroughTheDecoder() throws {
        var kinds = Set<String>()
        var count = 0
        try WorkforceGenerator(seed: 11, employees: 300).generate { career in
            for record in career.records {
                let payload = try record.event.encodedPayload()
                let decoded = try CareerEvent.decode(
                    type: record.event.type, schemaVersion: record.event.schemaVersion, payload: [UInt8](payload),
                    effectiveDate: record.effectiveDate)
                #expect(decoded == record.event)
                let line = try record.jsonLine()
                #expect(try CareerRecord(jsonLine: line) == record)
                kinds.insert(record.event.type)
                count += 1
            }
        }
        #expect(count > 10_000)
        #expect(kinds.count >= 15)
    }
}
