import CareerDomain
import Foundation
import Testing

@Suite("NIP, grades, ratings, talent grid, retirement")
struct ValueTests {
    @Test(arguments: [
        ("198609262015051001", "1986-09-26", "2015-05-01", NIP.Sex.male, 1),
        ("199202292019032045", "1992-02-29", "2019-03-01", NIP.Sex.female, 45),
        ("197001011995031999", "1970-01-01", "1995-03-01", NIP.Sex.male, 999),
    ])
    func validNIPsParse(text: String, birth: String, appointed: String, sex: NIP.Sex, sequence: Int) throws {
        let nip = try NIP(text)
        #expect(nip.birthDate.description == birth)
        #expect(nip.appointmentMonth.description == appointed)
        #expect(nip.sex == sex)
        #expect(nip.sequence == sequence)
    }

    @Test(arguments: [
        ("19860926201505100", "NIP must have 18 digits, got 17"),
        ("1986092620150510011", "NIP must have 18 digits, got 19"),
        ("19860926201505100a", "NIP must be 18 digits"),
        ("198602302015051001", "NIP 1986… birth date 1986-02-30 is not a date"),
        ("199302292015051001", "birth date 1993-02-29 is not a date"),
        ("198609262015131001", "appointment month 2015-13 is not a month"),
        ("198609262015053001", "sex digit must be 1 (male) or 2 (female), got 3"),
        ("198609262004051001", "is not after the 18th birthday (2004-09-26)"),
        ("198609262015051000", "sequence must start at 001"),
    ])
    func invalidNIPsAreRefusedWithTheRule(text: String, rule: String) {
        let error = #expect(throws: DomainError.self) { try NIP(text) }
        #expect(error?.field == "nip")
        #expect(error?.rule.contains(rule) == true, "\(String(describing: error?.rule))")
    }

    @Test func theGradeLadderHasSeventeenStepsWithRankNames() throws {
        #expect(Grade.allCases.count == 17)
        #expect(
            Grade.allCases.map(\.code).joined(separator: " ")
                == "I/a I/b I/c I/d II/a II/b II/c II/d III/a III/b III/c III/d IV/a IV/b IV/c IV/d IV/e")
        #expect(Grade.allCases.map(\.siasnID) == [11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44, 45])
        #expect(Grade.IIIb.rankName == "Penata Muda Tk I")
        #expect(Grade.IVe.rankName == "Pembina Utama")
        #expect(Grade.IId.next == .IIIa)
        #expect(Grade.IVe.next == nil)
        #expect(try Grade(code: "iii/c") == .IIIc)
        let error = #expect(throws: DomainError.self) { try Grade(code: "II/e") }
        #expect(error?.rule.hasPrefix("grade II/e does not exist") == true)
    }

    @Test func educationSetsThePromotionCeiling() {
        let ceilings = [
            EducationLevel.sd: Grade.IIa, .smp: .IIc, .sma: .IIIb, .d1: .IIIb, .d3: .IIIc, .s1: .IIId, .d4: .IIId, .s2: .IVa, .s3: .IVb,
        ]
        for (education, ceiling) in ceilings { #expect(education.promotionCeiling == ceiling) }
    }

    @Test func thePredikatMatrixIsComplete() {
        let expected: [(ExpectationLevel, ExpectationLevel, Predikat)] = [
            (.above, .above, .sangatBaik), (.above, .meets, .baik), (.meets, .above, .baik), (.meets, .meets, .baik),
            (.below, .above, .butuhPerbaikan), (.below, .meets, .butuhPerbaikan), (.above, .below, .kurang),
            (.meets, .below, .kurang), (.below, .below, .sangatKurang),
        ]
        #expect(expected.count == ExpectationLevel.allCases.count * ExpectationLevel.allCases.count)
        for (results, behaviour, predikat) in expected {
            #expect(Predikat.from(results: results, behaviour: behaviour) == predikat, "\(results) + \(behaviour)")
        }
        #expect(Predikat.sangatBaik > Predikat.baik && Predikat.baik > Predikat.kurang)
        #expect(Predikat.baik.isAtLeastBaik && !Predikat.butuhPerbaikan.isAtLeastBaik)
        #expect(
            Predikat.from(legacyScore: 91) == .sangatBaik && Predikat.from(legacyScore: 76) == .baik
                && Predikat.from(legacyScore: 75.9) == .butuhPerbaikan)
    }

    @Test func theNineBoxTableIsComplete() {
        let expected: [(ExpectationLevel, Potential, Int)] = [
            (.below, .low, 1), (.meets, .low, 2), (.below, .middle, 3), (.above, .low, 4), (.meets, .middle, 5),
            (.below, .high, 6), (.above, .middle, 7), (.meets, .high, 8), (.above, .high, 9),
        ]
        for (performance, potential, box) in expected {
            #expect(TalentBox(performance: performance, potential: potential).number == box)
        }
        #expect(Set(expected.map(\.2)) == Set(1...9))
        #expect(TalentBox(performance: .above, potential: .middle).inTalentPool)
        #expect(!TalentBox(performance: .below, potential: .high).inTalentPool)
    }

    @Test func retirementFollowsThePostAndStartsTheMonthAfterTheBirthday() throws {
        let unit = Build.unit
        #expect(Post(title: "Kepala Seksi", kind: .pengawas, echelon: "IV.a", org: unit).bup == 58)
        #expect(Post(title: "Guru Ahli Muda", kind: .functional, level: .ahliMuda, org: unit).bup == 60)
        #expect(Post(title: "Kepala Dinas", kind: .jptPratama, echelon: "II.b", org: unit).bup == 60)
        #expect(Post(title: "Auditor Ahli Utama", kind: .functional, level: .ahliUtama, org: unit).bup == 65)
        #expect(Post(title: "Peneliti Ahli Utama", kind: .functional, level: .ahliUtama, org: unit, retirementAge: 70).bup == 70)
        var state = EmployeeState(nip: Build.nip, asOf: Build.date("2020-01-01"))
        state.definitivePost = Post(title: "Analis Kebijakan Ahli Madya", kind: .functional, level: .ahliMadya, org: unit)
        #expect(state.retirementDate.description == "2046-10-01")
        state.definitivePost = Post(title: "Pengadministrasi", kind: .pelaksana, org: unit)
        #expect(state.retirementDate.description == "2044-10-01")
    }

    @Test func oldTrainingRecordsAreUpcast() throws {
        let old = #"{"name":"Diklat Prajabatan","hours":120,"organiser":"BKD"}"#
        let event = try CareerEvent.decode(
            type: "TrainingCompleted", schemaVersion: 1, payload: Data(old.utf8), effectiveDate: Build.date("2016-02-01"))
        guard case .trainingCompleted(let training) = event else {
            Issue.record("expected a training")
            return
        }
        #expect(training.hours == 120)
        #expect(training.kind == .technical)
        #expect(training.period.start.description == "2016-02-01")
        #expect(event.schemaVersion == 3)
        let roundTrip = try CareerEvent.decode(
            type: event.type, schemaVersion: 3, payload: try event.encodedPayload(), effectiveDate: Build.date("2016-02-01"))
        #expect(roundTrip == event)
        // Version 2 has no competency tags and is upcast; version 3 keeps them.
        let second =
            #"{"name":"PKA","kind":"leadership","hours":40,"organiser":"LAN","#
            + #""period":{"start":"2020-01-01","end":"2020-01-10"}}"#
        let upcast = try CareerEvent.decode(
            type: "TrainingCompleted", schemaVersion: 2, payload: Data(second.utf8), effectiveDate: Build.date("2020-01-10"))
        #expect(upcast.schemaVersion == 3)
        let tagged =
            #"{"name":"PKA","kind":"leadership","hours":40,"organiser":"LAN","period":{"start":"2020-01-01","end":"2020-01-10"},"#
            + #""competencies":["integritas","teknis:audit"]}"#
        guard
            case .trainingCompleted(let third) = try CareerEvent.decode(
                type: "TrainingCompleted", schemaVersion: 3, payload: Data(tagged.utf8), effectiveDate: Build.date("2020-01-10"))
        else {
            Issue.record("expected a training")
            return
        }
        #expect(third.competencies == ["integritas", "teknis:audit"])
    }

    @Test func undecodablePayloadsNameTheField() {
        let error = #expect(throws: DomainError.self) {
            try CareerEvent.decode(
                type: "GradePromoted", schemaVersion: 1, payload: Data(#"{"from":"III/a","to":"II/e","kind":"regular"}"#.utf8),
                effectiveDate: Build.date("2020-04-01"))
        }
        #expect(error?.field == "payload.to")
        #expect(error?.rule.contains("grade II/e does not exist") == true)
        let missing = #expect(throws: DomainError.self) {
            try CareerEvent.decode(
                type: "GradePromoted", schemaVersion: 1, payload: Data(#"{"from":"III/a","kind":"regular"}"#.utf8),
                effectiveDate: Build.date("2020-04-01"))
        }
        #expect(missing?.description == "payload.to: is missing")
    }
}
