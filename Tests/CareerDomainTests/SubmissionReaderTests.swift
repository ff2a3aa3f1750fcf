import CareerDomain
import Foundation
import Testing

/// The one parser of everything written from outside: strict JSON, known members only, bounded
/// values, every refusal naming its field and rule.
@Suite("Reading submitted records")
struct SubmissionReaderTests {
    static let nip = "198609262015051001"
    static let award = #"{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"Satyalancana Karya Satya X Tahun"}}"#

    func request(_ body: String) throws -> Submission {
        try SubmissionReader.request(Array(body.utf8), nip: try NIP(Self.nip), mintID: { UUID() })
    }

    func refusal(_ body: String, line: Bool = false) -> DomainError? {
        do {
            if line { _ = try SubmissionReader.appendLine(Array(body.utf8), mintID: { UUID() }) } else { _ = try request(body) }
            return nil
        } catch let error as DomainError {
            return error
        } catch {
            Issue.record("not a DomainError: \(error)")
            return nil
        }
    }

    @Test func aGoodRequestIsReadOnceWithItsPayloadInCanonicalForm() throws {
        let submission = try request(
            #"{"expectedVersion":3,"events":[{"payload":{"name":"X"},"type":"AwardGranted","effectiveDate":"2025-08-17","#
                + #""operator":"Siti (loket BKD)"}]}"#
        )
        #expect(submission.expectedVersion == .exact(3))
        #expect(submission.records.count == 1)
        #expect(String(decoding: submission.records[0].payload, as: UTF8.self) == #"{"name":"X"}"#)
        #expect(submission.records[0].record.operatorName == "Siti (loket BKD)")
        #expect(submission.records[0].record.recordedBy == "")
    }

    @Test func aKeyGivenTwiceIsRefusedWhereverItIs() {
        // Two "events" members: two parsers once disagreed on which one counts (and crashed).
        #expect(
            refusal(#"{"nip":"\#(Self.nip)","events":[\#(Self.award)],"events":[]}"#, line: true)?.description
                == "events: is given twice (a JSON object names each key once)")
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"A","name":"B"}}]}"#)?.field
                == "events[0].payload.name")
        // An escaped spelling of the same key is the same key.
        #expect(refusal(#"{"events":[\#(Self.award)],"ev\u0065nts":[]}"#)?.field == "events")
    }

    @Test func unknownMembersAreRefusedNeverDropped() {
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"A","grade":"IV/e"}}]}"#)?
                .description
                == "events[0].payload.grade: is not a known field of AwardGranted")
        // Inside a correction, the replacement's type is named.
        let nested = refusal(
            #"{"events":[{"type":"Corrected","effectiveDate":"2024-03-05","payload":{"target":"6f1c2a0e-0000-4000-8000-000000000101","#
                + #""reason":"typo","replacementEffectiveDate":"2024-03-06","replacement":{"type":"AwardGranted","schemaVersion":1,"#
                + #""payload":{"name":"A","grade":"III/a"}}}}]}"#)
        #expect(
            nested?.description == "events[0].payload.replacement.payload.grade: is not a known field of AwardGranted (the replacement)")
        #expect(
            refusal(
                #"{"events":[{"type":"GradePromoted","effectiveDate":"2020-04-01","payload":{"from":"III/a","to":"III/b","#
                    + #""kind":"regular","extra":{"x":1}}}]}"#
            )?.field
                == "events[0].payload.extra")
        #expect(
            refusal(
                #"{"events":[{"type":"CpnsAppointed","effectiveDate":"2015-05-01","payload":{"grade":"III/a","education":"S1","#
                    + #""post":{"title":"Guru","kind":"Fungsional","org":{"unit":"U","agency":"A","floor":3}}}}]}"#
            )?.field
                == "events[0].payload.post.org.floor")
        #expect(refusal(#"{"events":[\#(Self.award)],"admin":true}"#)?.field == "admin")
        // Nobody names who recorded an event but the server.
        let claimed = refusal(
            #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","recordedBy":"197001011995031002","payload":{"name":"A"}}]}"#)
        #expect(claimed?.field == "events[0].recordedBy")
        #expect(claimed?.rule.contains("set by the server") == true)
    }

    @Test func numbersOutOfRangeAreRefusedNotOverflowed() {
        #expect(refusal(#"{"expectedVersion":4611686018427387904,"events":[\#(Self.award)]}"#)?.field == "expectedVersion")
        #expect(refusal(#"{"expectedVersion":-1,"events":[\#(Self.award)]}"#)?.field == "expectedVersion")
        #expect(refusal(#"{"expectedVersion":1e2,"events":[\#(Self.award)]}"#)?.field == "expectedVersion")
        #expect(refusal(#"{"expectedVersion":3.0,"events":[\#(Self.award)]}"#)?.field == "expectedVersion")
        #expect(
            refusal(
                #"{"events":[{"type":"AwardGranted","schemaVersion":99999999999,"effectiveDate":"2025-08-17","payload":{"name":"A"}}]}"#)?
                .field
                == "events[0].schemaVersion")
        #expect(
            refusal(
                #"{"events":[{"type":"TrainingCompleted","effectiveDate":"2024-03-05","payload":{"name":"A","kind":"technical","#
                    + #""hours":1e400,"organiser":"B","period":{"start":"2024-03-01","end":"2024-03-05"}}}]}"#
            )?.field
                == "events[0].payload.hours")
        let fraction = refusal(
            #"{"events":[{"type":"TrainingCompleted","effectiveDate":"2024-03-05","payload":{"name":"A","kind":"technical","#
                + #""hours":8.5,"organiser":"B","period":{"start":"2024-03-01","end":"2024-03-05"}}}]}"#)
        #expect(fraction?.field == "events[0].payload.hours" && fraction?.rule == "must be written as a whole number, not 8.5")
        // Whole numbers written with a fraction or exponent are not taken for integers either.
        for written in ["20.0", "2e1", "2E+1", "200e-1"] {
            let refused = refusal(
                #"{"events":[{"type":"TrainingCompleted","effectiveDate":"2024-03-05","payload":{"name":"A","kind":"technical","#
                    + #""hours":\#(written),"organiser":"B","period":{"start":"2024-03-01","end":"2024-03-05"}}}]}"#)
            #expect(refused?.rule == "must be written as a whole number, not \(written)", "\(written)")
        }
        // Inside a correction's replacement too.
        let nested = refusal(
            #"{"events":[{"type":"Corrected","effectiveDate":"2024-03-06","payload":{"target":"6f1c2a0e-0000-4000-8000-000000000101","#
                + #""reason":"typo","replacementEffectiveDate":"2024-03-06","replacement":{"type":"TrainingCompleted","schemaVersion":2,"#
                + #""payload":{"name":"A","kind":"technical","hours":16.0,"organiser":"B","#
                + #""period":{"start":"2024-03-01","end":"2024-03-05"}}}}}]}"#)
        #expect(nested?.field.hasPrefix("events[0].payload.replacement") == true, "\(String(describing: nested))")
        #expect(nested?.rule.contains("must be written as a whole number, not 16.0") == true, "\(String(describing: nested))")
        // A field that is a decimal number takes any JSON number.
        #expect(
            refusal(#"{"events":[{"type":"CreditPointsAwarded","effectiveDate":"2024-12-15","payload":{"points":1.25e1,"year":2024}}]}"#)
                == nil)
    }

    @Test func nulControlCharactersAndBrokenTextAreRefused() {
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"A\u0000B"}}]}"#)?.rule.contains(
                "NUL") == true)
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"\ud800"}}]}"#)?.rule.contains(
                "surrogate") == true)
        var bytes = Array(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"AB"}}]}"#.utf8)
        if let index = bytes.firstIndex(of: UInt8(ascii: "B")) { bytes[index] = 0xC3 }  // a lead byte with nothing after it
        #expect(throws: DomainError.self) { try SubmissionReader.request(bytes, nip: try NIP(Self.nip), mintID: { UUID() }) }
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"A\u0007B"}}]}"#)?.rule
                == "must not hold control characters")
    }

    @Test func textsAreBoundedAndNotBlank() {
        let long = String(repeating: "x", count: 900_000)
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"\#(long)"}}]}"#)?.description
                == "events[0].payload.name: must be at most 300 characters")
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"  "}}]}"#)?.rule
                == "must not be empty")
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","operator":"\#(long)","payload":{"name":"A"}}]}"#)?
                .field
                == "events[0].operator")
        #expect(
            refusal(
                #"{"events":[{"type":"PnsConfirmed","effectiveDate":"2016-06-01","decree":{"number":"1","date":"2016-05-01","#
                    + #""signedBy":"B","seal":"x"},"payload":{}}]}"#
            )?.field
                == "events[0].decree.seal")
    }

    @Test func unknownTypesAndMalformedDatesNameTheirField() {
        #expect(refusal(#"{"events":[{"type":"Whatever","effectiveDate":"2025-08-17","payload":{}}]}"#)?.field == "events[0].type")
        #expect(
            refusal(#"{"events":[{"type":"AwardGranted","effectiveDate":"2025-02-30","payload":{"name":"A"}}]}"#)?.field
                == "events[0].effectiveDate")
        #expect(
            refusal(
                #"{"events":[{"type":"GradePromoted","effectiveDate":"2020-04-01","payload":{"from":"III/c","to":"II/e","#
                    + #""kind":"regular"}}]}"#
            )?.field
                == "events[0].payload.to")
        #expect(refusal(#"{"events":[]}"#)?.field == "events")
        #expect(refusal("{not json")?.field == "body")
        #expect(refusal(#"{"nip":"12345","events":[\#(Self.award)]}"#, line: true)?.field == "nip")
    }

    @Test func anImportLineCarriesItsNIPAndId() throws {
        let line =
            #"{"decree":null,"effectiveDate":"2025-08-17","id":"6f1c2a0e-0000-4000-8000-000000000001","nip":"\#(Self.nip)","#
            + #""payload":{"name":"A"},"type":"AwardGranted"}"#
        let read = try SubmissionReader.importLine(Array(line.utf8))
        #expect(read.record.nip.digits == Self.nip)
        #expect(read.record.event.schemaVersion == 1)
        #expect(throws: DomainError.self) {
            try SubmissionReader.importLine(
                Array(line.replacingOccurrences(of: #""id":"6f1c2a0e-0000-4000-8000-000000000001","#, with: "").utf8))
        }
        // A CSV payload cell holds exactly one object: a cell that tries to add members is refused.
        #expect(throws: DomainError.self) {
            try SubmissionReader.checkObject(Array(#"{"name":"X"},"nip":"199001012015051002""#.utf8), field: "payload")
        }
        #expect(throws: Never.self) { try SubmissionReader.checkObject(Array(#"{"name":"X"}"#.utf8), field: "payload") }
    }
}
