import CareerDomain
import Foundation
import PropertyBased
import Testing

/// Whatever bytes arrive for an agency's stream, the readers answer with records or a refusal
/// naming a field, and the agency rules judge any sequence of what they accept without crashing.
@Suite("Reading an agency's records: properties")
struct AgencyReaderProperties {
    static let line = Array(
        (#"{"agency":"Pemerintah Kabupaten Sleman","decree":null,"effectiveDate":"2025-04-01","#
            + #""id":"0b5c8a3e-0000-4000-8000-000000000009","payload":{"candidates":["198609262015051001"],"selection":"JPT-1"},"#
            + #""schemaVersion":1,"type":"CandidatesProposed"}"#).utf8)

    static func judge(_ bytes: [UInt8]) {
        for reader in [
            { try SubmissionReader.anyImportLine($0) } as ([UInt8]) throws -> Any,
            { try SubmissionReader.anyAppendLine($0, mintID: { UUID() }) },
            { try SubmissionReader.agencyRequest($0, agency: "Pemerintah Kabupaten Sleman", mintID: { UUID() }) },
        ] {
            do {
                if case .agency(let read) = try reader(bytes) as? ImportedLine {
                    guard case .agency(let again) = try SubmissionReader.anyImportLine(Array(try read.record.jsonLine())) else {
                        Issue.record("an agency line read back as an employee's")
                        continue
                    }
                    #expect(again.record == read.record && again.payload == read.payload)
                    _ = AgencyRules.check(read.record, history: AgencyHistory())
                }
            } catch let error as DomainError {
                #expect(!error.field.isEmpty && !error.rule.isEmpty)
            } catch {
                Issue.record("\(error) is not a refusal naming a field")
            }
        }
    }

    @Test func anAgencyLineWithBytesChangedIsReadOrRefusedCleanly() async {
        let mutations = zip(Gen.int(in: 0...(Self.line.count - 1)), Gen<UInt8>.value(in: 0...255)).array(of: 1...6)
        await propertyCheck(count: 600, input: mutations) { changes in
            var bytes = Self.line
            for (index, byte) in changes { bytes[index] = byte }
            Self.judge(bytes)
        }
    }

    @Test func theAgencyRulesJudgeAnySequenceOfSelectionEventsWithoutCrashing() async {
        let nip = Build.nip
        let post = Post(title: "Kepala Dinas", kind: .jptPratama, org: Build.unit)
        let events: [CareerEvent] = [
            .vacancyAnnounced(VacancyAnnounced(selection: "S", post: post)),
            .selectionCommitteeFormed(SelectionCommitteeFormed(selection: "S", members: [PanelMember(nip: Build.boss, name: "A")])),
            .candidateAssessed(CandidateAssessed(selection: "S", candidate: nip, stage: .interview, score: 70, passed: true)),
            .candidatesProposed(CandidatesProposed(selection: "S", candidates: [nip])),
            .selectionClosed(SelectionClosed(selection: "S", outcome: .appointed, appointee: nip)),
            .selectionClosed(SelectionClosed(selection: "S", outcome: .cancelled, appointee: nil)),
            .careerPatternDeclared(CareerPatternDeclared(paths: [CareerPath(from: "Guru", to: "Kepala Sekolah")])),
            .awardGranted(AwardGranted(name: "X")),
        ]
        await propertyCheck(count: 300, input: Gen.int(in: 0...(events.count - 1)).array(of: 0...12)) { picks in
            var history = AgencyHistory()
            for (offset, pick) in picks.enumerated() {
                let record = AgencyRecord(
                    agency: Build.unit.agency, effectiveDate: Build.date("2024-01-01").adding(days: offset), recordedBy: "system:test",
                    event: events[pick])
                if AgencyRules.check(record, history: history, today: Build.date("2026-12-02")) == nil { history.add(record) }
            }
            // A selection is never closed twice, and nothing follows its closing.
            for selection in history.selections.values where selection.closed {
                #expect(selection.proposed.count <= 3)
            }
        }
    }
}
