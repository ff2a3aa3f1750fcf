import Foundation
import Testing

@testable import CareerDomain

/// Hand-written fast paths for what every imported line and stored event carries: they must give
/// exactly what Foundation's UUID parser and the canonical JSON encoder give.
@Suite("Canonical texts")
struct CanonicalTextTests {
    @Test func metadataIsWrittenAsTheCanonicalEncoderWritesIt() throws {
        let decree = Decree(number: "823/1/BKD/2020", date: try #require(CivilDate("2020-04-01")), signedBy: "Kepala BKD")
        let odd = Decree(number: "SK \"A\\B\"\n\t\u{01}", date: try #require(CivilDate("0999-12-31")), signedBy: "Bupati ✓ é")
        var cases = [
            CareerRecord.Metadata(recordedBy: "197001011995031002", decree: nil),
            CareerRecord.Metadata(recordedBy: "x", decree: decree, source: "siasn"),
            CareerRecord.Metadata(recordedBy: "", decree: odd, source: "", correlationId: "c-1 \"quoted\""),
            CareerRecord.Metadata(recordedBy: "tab\there\u{1F}", decree: nil, source: nil, correlationId: "only"),
        ]
        for career in WorkforceGenerator(seed: 3, employees: 40).generate() {
            for record in career.records { cases.append(.init(recordedBy: record.recordedBy, decree: record.decree, source: "generate")) }
        }
        #expect(cases.contains { $0.decree != nil } && cases.contains { $0.decree == nil })
        for metadata in cases {
            let expected = Array(try CanonicalJSONEncoder().encode(metadata))
            #expect(metadata.canonicalJSON() == expected, "\(String(decoding: expected, as: UTF8.self))")
        }
    }

    @Test func uuidsParseAsFoundationParsesThem() {
        var texts = [
            "6f1c2a0e-0000-4000-8000-000000000001", "6F1C2A0E-ABCD-4000-8000-00000000000F", "6f1C2a0E-aBcD-4000-8000-0000000000fF",
            "", "6f1c2a0e00004000800000000000000001", "{6f1c2a0e-0000-4000-8000-000000000001}", "6f1c2a0e-0000-4000-8000-00000000000g",
            "6f1c2a0e-0000-4000-8000_000000000001", "6f1c2a0e-0000-4000-80000-00000000001", " 6f1c2a0e-0000-4000-8000-00000000001",
            "6f1c2a0e-0000-4000-8000-0000000000é",
        ]
        for _ in 0..<200 {
            let uuid = UUID()
            texts += [uuid.uuidString, uuid.uuidString.lowercased()]
        }
        for text in texts {
            #expect(UUID(canonicalText: text) == UUID(uuidString: text), "\(text)")
        }
        #expect(UUID(canonicalText: "6f1c2a0e-0000-4000-8000-000000000001") != nil)
    }
}
