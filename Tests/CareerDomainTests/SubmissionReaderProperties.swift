import CareerDomain
import Foundation
import PropertyBased
import Testing

/// Whatever bytes arrive, the reader answers with a record or a refusal naming a field: never a
/// crash, never another kind of error, and what it accepts reads back the same.
@Suite("Reading submitted records: properties")
struct SubmissionReaderProperties {
    static let line = Array(
        (#"{"decree":{"date":"2019-03-20","number":"800/17/BKD/2019","signedBy":"Bupati Sleman"},"effectiveDate":"2019-04-01","#
            + #""id":"0b5c8a3e-0000-4000-8000-000000000001","nip":"198609262015051001","operator":"197001011995031002","#
            + #""payload":{"from":"III/a","kind":"regular","to":"III/b"},"schemaVersion":1,"type":"GradePromoted"}"#)
            .utf8)

    /// Reads `bytes` every way the outside can send them; records what was not a clean verdict.
    static func judge(_ bytes: [UInt8]) {
        for reader in [
            { try SubmissionReader.importLine($0) } as ([UInt8]) throws -> Any,
            { try SubmissionReader.appendLine($0, mintID: { UUID() }) },
            { try SubmissionReader.request($0, nip: try NIP("198609262015051001"), mintID: { UUID() }) },
        ] {
            do {
                let accepted = try reader(bytes)
                if let read = accepted as? SubmittedRecord {
                    // Accepted: the line written back from the record reads as the same record.
                    let again = try SubmissionReader.importLine(Array(try read.record.jsonLine()))
                    #expect(again.record == read.record)
                    #expect(again.payload == read.payload)
                }
            } catch let error as DomainError {
                #expect(!error.field.isEmpty && !error.rule.isEmpty)
            } catch {
                Issue.record("\(error) is not a refusal naming a field")
            }
        }
    }

    @Test func randomBytesAreRefusedCleanly() async {
        await propertyCheck(count: 400, input: Gen<UInt8>.value(in: 0...255).array(of: 0...120)) { bytes in
            Self.judge(bytes)
        }
    }

    @Test func aGoodLineWithBytesChangedIsReadOrRefusedCleanly() async {
        let mutations = zip(Gen.int(in: 0...(Self.line.count - 1)), Gen<UInt8>.value(in: 0...255)).array(of: 1...6)
        await propertyCheck(count: 600, input: mutations) { changes in
            var bytes = Self.line
            for (index, byte) in changes { bytes[index] = byte }
            Self.judge(bytes)
        }
    }

    @Test func aGoodLineCutOrSplicedIsReadOrRefusedCleanly() async {
        let fragments = Gen.element(
            of: [
                "\"", "\\", "{", "}", "[", "]", ",", ":", "null", "1e999", "-0", "\"\\u0000\"", "\"\\ud800\"", "\"type\":\"Whatever\"",
                ",\"nip\":\"199001012015051002\"", ",\"recordedBy\":\"x\"", "\u{FEFF}", "\u{0}", "true",
            ].map { Array($0.utf8) })
        await propertyCheck(count: 600, input: Gen.int(in: 0...Self.line.count), fragments.compactMap { $0 }) { cut, fragment in
            Self.judge(Array(Self.line[..<cut]) + fragment + Array(Self.line[cut...]))
            Self.judge(Array(Self.line[..<cut]))
        }
    }

    @Test func theRulesJudgeAnySequenceOfReadableRecordsWithoutCrashing() async {
        let nip = Build.nip
        let kinds: [CareerRecord] = [
            Build.appointed(), Build.promoted(.IIIa, .IIIb, "2019-04-01"), Build.promoted(.IIId, .IIIa, "2012-01-01"),
            Build.rated(2016, .baik),
            Build.training(40, "2016-03-01", "2016-03-05"), Build.record(.separated(Separated(reason: .death)), "2020-01-01"),
            Build.record(.pnsConfirmed(PnsConfirmed()), "2016-05-01"), Build.record(.awardGranted(AwardGranted(name: "X")), "2090-01-01"),
        ]
        await propertyCheck(count: 300, input: Gen.int(in: 0...(kinds.count - 1)).array(of: 0...12)) { picks in
            var history = StreamHistory()
            var accepted = [CareerRecord]()
            for pick in picks {
                var record = kinds[pick]
                record.id = UUID()
                if let target = accepted.last, pick % 3 == 0 {
                    record = Build.record(.rescinded(Rescinded(target: target.id, reason: "x")), "2021-01-01")
                }
                if StructuralRules.check(record, history: history, today: Build.date("2026-12-02")) == nil {
                    history.add(record)
                    accepted.append(record)
                }
            }
            // Whatever was accepted folds, and the policy rules judge it.
            _ = CareerFold.state(of: accepted, nip: nip, asOf: Build.date("2030-01-01"))
            _ = PolicyRules.findings(for: accepted, nip: nip)
        }
    }
}
