import Foundation
import Testing

@testable import CareerDomain

/// The hand-written payload readers must give exactly what `Codable` gives, and hand everything
/// they do not expect to `Codable` (which then accepts it or names the field and rule).
@Suite("Fast payload readers")
struct TapeObjectTests {
    /// Decodes `bytes` as `T` both ways; nil from the fast reader means it handed over.
    private func both<T: Decodable & TapeObjectDecodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> (fast: T?, codable: T) {
        let tape = try JSONTape(bytes)
        let fast = try? T(object: TapeObject(tape: tape, node: 0))
        return (fast, try T(from: TapeDecoder(tape: tape, node: 0, parentPath: [], key: nil)))
    }

    private func compare<T: CareerEventKind & TapeObjectDecodable>(_ value: T) throws -> Bool {
        let bytes = Array(try CareerEvent.encoder.encode(value))
        let (fast, codable) = try both(T.self, bytes)
        #expect(codable == value)
        #expect(fast == value, "\(T.eventType): \(String(decoding: bytes, as: UTF8.self))")
        return true
    }

    @Test func fastReadersGiveWhatCodableGivesOverAGeneratedWorkforce() throws {
        var compared = [String: Int]()
        var decrees = 0
        for career in WorkforceGenerator(seed: 11, employees: 300).generate() {
            for record in career.records {
                let handled: Bool
                switch record.event {
                case .trainingCompleted(let e): handled = try compare(e)
                case .performanceRated(let e): handled = try compare(e)
                case .creditPointsAwarded(let e): handled = try compare(e)
                case .awardGranted(let e): handled = try compare(e)
                case .gradePromoted(let e): handled = try compare(e)
                case .talentAssessed(let e): handled = try compare(e)
                case .cpnsAppointed(let e): handled = try compare(e)
                case .postAssigned(let e): handled = try compare(e)
                case .transferred(let e): handled = try compare(e)
                default: handled = false
                }
                if handled { compared[record.event.type, default: 0] += 1 }
                // The metadata document as stored: the fast path and the lenient one agree.
                var stamped = record.stamped(by: Recorder(person: "system:test", tokenID: UUID(), source: "test", migrated: true))
                stamped.operatorName = "198001012005011001"
                let metadata = Array(stamped.encodedMetadata())
                let read = CareerRecord.storedMetadata(metadata)
                #expect(read == stamped.metadata)
                #expect(read?.decree == record.decree)
                let fast = try CareerRecord.fastMetadata(JSONTape(metadata))
                #expect(fast.recordedBy == stamped.recordedBy && fast.decree == record.decree)
                if let decree = record.decree {
                    let (fast, codable) = try both(Decree.self, Array(try CareerEvent.encoder.encode(decree)))
                    #expect(fast == decree && codable == decree)
                    decrees += 1
                }
            }
        }
        let kinds = [
            "TrainingCompleted", "PerformanceRated", "CreditPointsAwarded", "AwardGranted", "GradePromoted", "TalentAssessed",
            "CpnsAppointed", "PostAssigned", "Transferred",
        ]
        for kind in kinds { #expect(compared[kind, default: 0] > 0, "no \(kind) in the sample") }
        #expect(decrees > 0)
    }

    static let training = #""kind":"technical","organiser":"BPSDM","period":{"end":"2011-05-23","start":"2011-05-15"}"#

    @Test(arguments: [
        // Escapes, a fractional integer, null and absent optionals, unknown and repeated keys, an
        // escaped key: the fast reader hands over or agrees; the result is Codable's either way.
        #"{"name":"Pelatihan \"Keuangan\"","hours":80,"#,
        #"{"name":"Pelatihan","hours":80.0,"#,
        #"{"name":"Pelatihan","hours":80,"certificate":null,"#,
        #"{"name":"Pelatihan","hours":80,"certificate":"1/2","extra":[1,{"a":2}],"#,
        #"{"name":"first","name":"Pelatihan","hours":80,"#,
        #"{"n\u0061me":"Pelatihan","hours":80,"#,
        #"{"name":"Pélatihan ✓","hours":80,"#,
    ])
    func unusualPayloadsDecodeAsCodableDoes(prefix: String) throws {
        let bytes = Array((prefix + Self.training + "}").utf8)
        let (fast, codable) = try both(TrainingCompleted.self, bytes)
        if let fast { #expect(fast == codable) }
        let event = try CareerEvent.decode(
            type: "TrainingCompleted", schemaVersion: 2, payload: bytes, effectiveDate: CivilDate(dayNumber: 0))
        #expect(event == .trainingCompleted(codable))
    }

    @Test func anEscapedKeyIsReadAsCodableReadsIt() throws {
        let text = #"{"year":2020,"predikat":"Baik","appraiser":"197001011995031874","legacyScor\u0065":50}"#
        let event = try CareerEvent.decode(
            type: "PerformanceRated", schemaVersion: 1, payload: Array(text.utf8), effectiveDate: CivilDate(dayNumber: 0))
        guard case .performanceRated(let rating) = event else {
            Issue.record("\(event)")
            return
        }
        #expect(rating.legacyScore == 50)
    }

    @Test(
        arguments: [
            (#"{"year":2020,"predikat":"Baik"}"#, "payload.appraiser", "is missing"),
            (#"{"year":"2020","predikat":"Baik","appraiser":"197001011995031874"}"#, "payload.year", "must be an integer"),
            (#"{"year":2020,"predikat":"Bagus","appraiser":"197001011995031874"}"#, "payload.predikat", nil),
            (#"{"year":2020,"predikat":"Baik","appraiser":"197001011995031874","legacyScore":"x"}"#, "payload.legacyScore", nil),
            (#"{"year":2020,"predikat":"Baik","appraiser":"198602302015051001"}"#, "payload.appraiser", nil),
            (#"{"year":2020,"predikat":null,"appraiser":"197001011995031874"}"#, "payload.predikat", "must not be null"),
        ] as [(String, String, String?)])
    func badPayloadsStillNameTheFieldAndRule(text: String, field: String, rule: String?) {
        do {
            _ = try CareerEvent.decode(
                type: "PerformanceRated", schemaVersion: 1, payload: Array(text.utf8), effectiveDate: CivilDate(dayNumber: 0))
            Issue.record("accepted \(text)")
        } catch let error as DomainError {
            #expect(error.field == field)
            if let rule { #expect(error.rule == rule) }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func metadataIsReadLeniently() {
        let decree = #"{"number":"823/1/BKD/2020","date":"2020-04-01","signedBy":"Kepala BKD"}"#
        #expect(CareerRecord.storedMetadata(Array(#"{"recordedBy":"x","decree":\#(decree)}"#.utf8))?.decree?.number == "823/1/BKD/2020")
        // A broken decree is dropped, the rest is kept; an escaped value goes the Codable way.
        let broken = CareerRecord.storedMetadata(Array(#"{"recordedBy":"a\"b","decree":{"number":1}}"#.utf8))
        #expect(broken?.recordedBy == "a\"b")
        #expect(broken?.decree == nil)
        let wrongKind = CareerRecord.storedMetadata(Array(#"{"recordedBy":5,"decree":\#(decree)}"#.utf8))
        #expect(wrongKind?.recordedBy == "")
        #expect(wrongKind?.decree?.signedBy == "Kepala BKD")
        // An escaped key may spell a member the fast path looks for: it hands over, never "absent".
        let escapedKey = Array(#"{"recordedBy":"x","d\u0065cree":\#(decree)}"#.utf8)
        #expect(throws: TapeObject.Miss.self) { try CareerRecord.fastMetadata(JSONTape(escapedKey)) }
        #expect(CareerRecord.storedMetadata(escapedKey)?.recordedBy == "x")
        #expect(CareerRecord.storedMetadata(escapedKey)?.decree?.number == "823/1/BKD/2020")
        #expect(CareerRecord.storedMetadata(Array("not json".utf8)) == nil)
        #expect(CareerRecord.storedMetadata(Array("[]".utf8))?.decree == nil)
    }
}
