import CareerDomain
import Foundation
import Testing

@Suite("Structural rules refuse with field and rule")
struct StructuralRuleTests {
    static let today = Build.date("2031-06-30")
    let appointment = Build.appointed()
    var history: StreamHistory { StreamHistory([appointment]) }

    func refusal(_ record: CareerRecord, history: [CareerRecord]) -> DomainError? {
        StructuralRules.check(record, history: StreamHistory(history), today: Self.today)
    }

    @Test func aCleanCareerPasses() {
        var earlier = [CareerRecord]()
        for record in [
            Build.appointed(), Build.rated(2016, .baik), Build.training(40, "2016-03-01", "2016-03-05"),
            Build.promoted(.IIIa, .IIIb, "2019-04-01"),
        ] {
            #expect(refusal(record, history: earlier) == nil)
            earlier.append(record)
        }
    }

    @Test func appointmentMustMatchTheNIP() {
        #expect(
            AppointmentMatchesNIP().check(Build.appointed("2016-05-01"), history: StreamHistory(), today: Self.today)?.rule
                == "CPNS appointment TMT 2016-05-01 must fall in the NIP's appointment month 2015-05")
    }

    @Test func unknownEmployeesAndSecondAppointmentsAreRefused() {
        #expect(
            KnownEmployee().check(Build.rated(2016, .baik), history: StreamHistory(), today: Self.today)?.rule
                == "unknown employee 198609262015051001: the first event must be CpnsAppointed")
        #expect(KnownEmployee().check(Build.appointed(), history: history, today: Self.today)?.field == "type")
    }

    @Test func nothingButCorrectionsAfterDeath() {
        let death = Build.record(.separated(Separated(reason: .death)), "2030-01-01")
        let after = StreamHistory([appointment, death])
        #expect(
            NothingAfterSeparation().check(Build.rated(2030, .baik), history: after, today: Self.today)?.rule
                == "TMT 2030-12-31 is after the recorded death (2030-01-01): only corrections and rescissions follow a separation")
        // Judged by TMT: a rating taking effect before the death, recorded after it, is fine.
        #expect(NothingAfterSeparation().check(Build.rated(2029, .baik), history: after, today: Self.today) == nil)
        #expect(
            NothingAfterSeparation().check(
                Build.record(.rescinded(Rescinded(target: death.id, reason: "error")), "2030-02-01"), history: after, today: Self.today)
                == nil)
    }

    @Test func correctionsMustPointAtAnEarlierEvent() {
        let stray = Build.record(.rescinded(Rescinded(target: UUID(), reason: "x")), "2020-01-01")
        #expect(TargetExists().check(stray, history: history, today: Self.today)?.field == "payload.target")
        let annul = Build.record(.disciplineAnnulled(DisciplineAnnulled(discipline: appointment.id, reason: "appeal")), "2020-01-01")
        #expect(TargetExists().check(annul, history: history, today: Self.today)?.field == "payload.discipline")
        let fine = Build.record(.rescinded(Rescinded(target: appointment.id, reason: "x")), "2020-01-01")
        #expect(TargetExists().check(fine, history: history, today: Self.today) == nil)
    }

    @Test func decreesAreRequiredWhereTheKindNeedsOne() {
        var promotion = Build.promoted(.IIIa, .IIIb, "2019-04-01")
        promotion.decree = nil
        #expect(DecreeRequired().check(promotion, history: history, today: Self.today)?.field == "decree")
        promotion.decree = Decree(number: " ", date: Build.date("2019-03-01"), signedBy: "Bupati")
        #expect(DecreeRequired().check(promotion, history: history, today: Self.today)?.field == "decree.number")
        // Spaces and tabs of any kind are blank (ideographic, no-break); other characters are not.
        for (number, signedBy, field) in [
            ("\t\u{3000}\u{A0}", "Bupati", "decree.number"), ("800/1", " \t", "decree.signedBy"),
            ("800/1", "\u{2003}", "decree.signedBy"), (" 800/1 ", " Bupati", nil), ("\n", "Bupati", nil),
        ] as [(String, String, String?)] {
            promotion.decree = Decree(number: number, date: Build.date("2019-03-01"), signedBy: signedBy)
            #expect(
                DecreeRequired().check(promotion, history: history, today: Self.today)?.field == field,
                "\(number.unicodeScalars.map(\.value))")
        }
        #expect(DecreeRequired().check(Build.rated(2016, .baik), history: history, today: Self.today) == nil)
    }

    @Test func periodsEndAfterTheyStart() {
        let error = PeriodInOrder().check(Build.training(20, "2020-05-10", "2020-05-01"), history: history, today: Self.today)
        #expect(error?.description == "payload.period.end: end date 2020-05-01 before start date 2020-05-10")
    }

    @Test func appraiserAndMentorDifferFromTheEmployee() throws {
        let selfRated = Build.record(
            .performanceRated(
                PerformanceRated(
                    year: 2020, results: .meets, behaviour: .meets, predikat: .baik, appraiser: Build.nip)), "2020-12-31")
        #expect(
            DistinctPeople().check(selfRated, history: history, today: Self.today)?.description
                == "payload.appraiser: appraiser must differ from appraisee")
        let selfMentored = Build.record(
            .mentoringRecorded(
                MentoringRecorded(
                    mentor: Build.nip, kind: .coaching, period: Period(start: Build.date("2020-01-01"), end: Build.date("2020-06-30")))),
            "2020-01-01")
        #expect(DistinctPeople().check(selfMentored, history: history, today: Self.today)?.rule == "mentor must differ from mentee")
    }

    @Test func promotionsGoUp() {
        #expect(
            PromotionGoesUp().check(Build.promoted(.IIIb, .IIIa, "2020-04-01"), history: history, today: Self.today)?.rule
                == "promotion must go up: III/b to III/a")
    }

    @Test func ratingsFollowTheMatrix() {
        let wrong = Build.record(
            .performanceRated(
                PerformanceRated(
                    year: 2023, results: .below, behaviour: .below, predikat: .baik, appraiser: Build.boss)), "2023-12-31")
        #expect(
            RatingMatchesMatrix().check(wrong, history: history, today: Self.today)?.rule
                == "results below and behaviour below give Sangat Kurang, not Baik")
        let score = Build.record(
            .performanceRated(
                PerformanceRated(
                    year: 2019, results: nil, behaviour: nil, predikat: .baik, legacyScore: 120, appraiser: Build.boss)), "2019-12-31")
        #expect(RatingMatchesMatrix().check(score, history: history, today: Self.today)?.field == "payload.legacyScore")
    }

    @Test func trainingHoursArePlausible() {
        #expect(
            TrainingHoursInRange().check(Build.training(0, "2020-01-01", "2020-01-02"), history: history, today: Self.today)?.field
                == "payload.hours")
        #expect(TrainingHoursInRange().check(Build.training(5000, "2020-01-01", "2020-01-02"), history: history, today: Self.today) != nil)
    }
}
