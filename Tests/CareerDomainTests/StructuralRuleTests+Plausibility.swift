import CareerDomain
import Foundation
import Testing

extension StructuralRuleTests {
    @Test func datesLieWithinTheCareer() {
        let today = Build.date("2026-12-02")
        func rule(_ record: CareerRecord) -> String? {
            PlausibleDates().check(record, history: history, today: today)?.description
        }
        #expect(rule(Build.rated(2016, .baik)) == nil)
        #expect(
            rule(Build.record(.awardGranted(AwardGranted(name: "X")), "2010-01-01"))
                == "effectiveDate: TMT 2010-01-01 is before the CPNS appointment (2015-05-01)")
        #expect(
            rule(Build.record(.awardGranted(AwardGranted(name: "X")), "0001-01-01"))?.hasPrefix("effectiveDate: TMT 0001-01-01 is before")
                == true)
        #expect(
            rule(Build.record(.awardGranted(AwardGranted(name: "X")), "2090-01-01"))
                == "effectiveDate: TMT 2090-01-01 is more than a year after today (2026-12-02)")
        #expect(rule(Build.record(.awardGranted(AwardGranted(name: "X")), "9999-12-31")) != nil)
        // A retirement may be decided up to two years ahead; other events one.
        #expect(rule(Build.record(.separated(Separated(reason: .retirement)), "2028-06-01")) == nil)
        #expect(rule(Build.record(.separated(Separated(reason: .ownRequest)), "2028-06-01")) != nil)
        // No decree from the future, and none long before the appointment.
        var promotion = Build.promoted(.IIIa, .IIIb, "2019-04-01")
        promotion.decree = Decree(number: "1", date: Build.date("2027-01-10"), signedBy: "B")
        #expect(rule(promotion) == "decree.date: the decree date 2027-01-10 is after the recording day 2026-12-02")
        promotion.decree = Decree(number: "1", date: Build.date("1990-01-10"), signedBy: "B")
        #expect(PlausibleDates().check(promotion, history: history, today: today)?.field == "decree.date")
        // Rating years and periods within the career.
        #expect(rule(Build.rated(2040, .baik))?.hasPrefix("effectiveDate") == true)
        let oldYear = Build.record(
            .performanceRated(PerformanceRated(year: 1990, results: .meets, behaviour: .meets, predikat: .baik, appraiser: Build.boss)),
            "2016-01-15")
        #expect(PlausibleDates().check(oldYear, history: history, today: today)?.field == "payload.year")
        #expect(
            PlausibleDates().check(Build.training(20, "2001-01-01", "2016-01-02"), history: history, today: today)?.field
                == "payload.period.start")
        // A correction's new TMT is held to the same window.
        let target = Build.rated(2016, .baik)
        let correction = Build.record(
            .corrected(
                Corrected(target: target.id, reason: "x", replacement: target.event, replacementEffectiveDate: Build.date("2099-01-01"))),
            "2017-01-01")
        #expect(
            PlausibleDates().check(correction, history: StreamHistory([appointment, target]), today: today)?.field
                == "payload.replacementEffectiveDate")
    }

    @Test func aCPNSBecomesPNSOnce() {
        let confirmed = Build.record(.pnsConfirmed(PnsConfirmed()), "2016-05-01")
        #expect(ConfirmedOnce().check(confirmed, history: history, today: Self.today) == nil)
        #expect(ConfirmedOnce().check(confirmed, history: StreamHistory([appointment, confirmed]), today: Self.today)?.field == "type")
        // Once the first is rescinded, a confirmation may be recorded again.
        let rescinded = Build.record(.rescinded(Rescinded(target: confirmed.id, reason: "x")), "2016-06-01")
        #expect(ConfirmedOnce().check(confirmed, history: StreamHistory([appointment, confirmed, rescinded]), today: Self.today) == nil)
    }

    @Test func amendmentsAimAtLiveOriginalsOfTheSameType() {
        let award = Build.record(.awardGranted(AwardGranted(name: "X")), "2020-08-17")
        let rescinded = Build.record(.rescinded(Rescinded(target: award.id, reason: "x")), "2020-09-01")
        let past = StreamHistory([appointment, award, rescinded])
        #expect(
            TargetExists().check(
                Build.record(.rescinded(Rescinded(target: award.id, reason: "again")), "2020-10-01"), history: past, today: Self.today)?
                .rule
                == "the rescinded event \(award.id.uuidString.lowercased()) was rescinded already")
        #expect(
            TargetExists().check(
                Build.record(.rescinded(Rescinded(target: rescinded.id, reason: "undo")), "2020-10-01"), history: past, today: Self.today)?
                .rule
                .contains("a rescission is final") == true)
        let retyped = Build.record(
            .corrected(
                Corrected(
                    target: appointment.id, reason: "x", replacement: .awardGranted(AwardGranted(name: "Y")),
                    replacementEffectiveDate: Build.date("2015-05-01"))), "2016-01-01")
        #expect(TargetExists().check(retyped, history: history, today: Self.today)?.field == "payload.replacement.type")
    }

    @Test func aReplacementIsASoundEventItself() {
        let promotion = Build.promoted(.IIIa, .IIIb, "2019-04-01")
        let downward = Build.record(
            .corrected(
                Corrected(
                    target: promotion.id, reason: "x", replacement: .gradePromoted(GradePromoted(from: .IIIb, to: .IIIa, kind: .regular)),
                    replacementEffectiveDate: Build.date("2019-04-01"))), "2019-05-01")
        #expect(
            ReplacementIsSound().check(downward, history: StreamHistory([appointment, promotion]), today: Self.today)?.description
                == "payload.replacement.payload.to: promotion must go up: III/b to III/a")
    }
}

extension StructuralRuleTests {
    @Test func aCorrectedAppointmentStaysInTheNIPsMonthAndAWrongCorrectionIsUndoneByRescindingIt() {
        let moved = Build.record(
            .corrected(
                Corrected(
                    target: appointment.id, reason: "x", replacement: appointment.event, replacementEffectiveDate: Build.date("2025-10-01"))
            ), "2016-01-01")
        #expect(
            StructuralRules.check(moved, history: history, today: Self.today)?.description
                == "effectiveDate: CPNS appointment TMT 2025-10-01 must fall in the NIP's appointment month 2015-05")
        // A correction that is wrong in another way is undone by rescinding it: the event is as before.
        let award = Build.record(.awardGranted(AwardGranted(name: "X")), "2020-08-17")
        let wrong = Build.record(
            .corrected(
                Corrected(
                    target: award.id, reason: "x", replacement: award.event, replacementEffectiveDate: Build.date("2021-08-17"))),
            "2021-09-01")
        var corrected = StreamHistory([appointment, award, wrong])
        let undo = Build.record(.rescinded(Rescinded(target: wrong.id, reason: "wrong correction")), "2021-10-01")
        #expect(StructuralRules.check(undo, history: corrected, today: Self.today) == nil)
        corrected.add(undo)
        #expect(corrected.target(award.id) == .event(type: "AwardGranted"))
        #expect(corrected.target(wrong.id) == .rescinded)
        // The fold agrees: the award counts on its first date again.
        let state = CareerFold.state(of: [appointment, award, wrong, undo], nip: Build.nip, asOf: Build.date("2020-12-31"))
        #expect(state.awards == ["X"])
        // A correction is not itself corrected, and a rescission is final.
        let onCorrection = Build.record(
            .corrected(
                Corrected(target: wrong.id, reason: "x", replacement: award.event, replacementEffectiveDate: Build.date("2020-08-17"))),
            "2021-09-02")
        #expect(
            TargetExists().check(onCorrection, history: StreamHistory([appointment, award, wrong]), today: Self.today)?.rule.contains(
                "is a correction") == true)
    }

    @Test func oneDeathAndNothingCorrectedToAfterIt() {
        let death = Build.record(.separated(Separated(reason: .death)), "2026-06-01")
        let training = Build.training(20, "2026-03-01", "2026-03-05")
        let dead = StreamHistory([appointment, training, death])
        #expect(
            NothingAfterSeparation().check(
                Build.record(.separated(Separated(reason: .death)), "2026-08-01"), history: dead, today: Self.today)?
                .rule
                == "a death on 2026-06-01 is in the history already (stored, or earlier in this input); correct or rescind it instead")
        let moved = Build.record(
            .corrected(
                Corrected(
                    target: training.id, reason: "x", replacement: training.event, replacementEffectiveDate: Build.date("2026-09-01"))),
            "2026-09-10")
        #expect(NothingAfterSeparation().check(moved, history: dead, today: Self.today)?.field == "payload.replacementEffectiveDate")
    }

    @Test func nothingButCorrectionsAfterARetirementOrDismissalUntilItIsRescinded() {
        let retirement = Build.record(.separated(Separated(reason: .retirement)), "2020-04-01")
        let retired = StreamHistory([appointment, retirement])
        let promotion = Build.promoted(.IIIa, .IIIb, "2022-04-01")
        #expect(
            NothingAfterSeparation().check(promotion, history: retired, today: Self.today)?.rule
                == "TMT 2022-04-01 is after the recorded retirement (2020-04-01): only corrections and rescissions follow a separation")
        let resignation = Build.record(.separated(Separated(reason: .ownRequest)), "2021-01-01")
        #expect(
            NothingAfterSeparation().check(resignation, history: retired, today: Self.today)?.rule
                == "a retirement on 2020-04-01 is in the history already (stored, or earlier in this input); correct or rescind it instead")
        // Before the retirement, late: fine. After a rescinded dismissal (annulled by a court): fine.
        #expect(NothingAfterSeparation().check(Build.rated(2019, .baik), history: retired, today: Self.today) == nil)
        let dismissal = Build.record(.separated(Separated(reason: .dismissal)), "2019-01-01")
        let annulled = StreamHistory([
            appointment, dismissal, Build.record(.rescinded(Rescinded(target: dismissal.id, reason: "PTUN")), "2019-06-01"),
        ])
        #expect(NothingAfterSeparation().check(promotion, history: annulled, today: Self.today) == nil)
        // A death cannot be recorded ahead of time; a retirement decree can.
        let future = Self.today.adding(days: 30)
        #expect(
            NothingAfterSeparation().check(
                Build.record(.separated(Separated(reason: .death)), future.description), history: history,
                today: Self.today)?.field == "effectiveDate")
        #expect(
            NothingAfterSeparation().check(
                Build.record(.separated(Separated(reason: .retirement)), future.description), history: history, today: Self.today)
                == nil)
    }

    @Test func textsHoldNoHiddenControlsAndDecoderErrorsReadPlainly() {
        #expect(FieldLimits.problem(with: "Budi\u{202E}idub", key: "name") == "must not hold text-direction controls")
        #expect(FieldLimits.problem(with: "A\u{85}B", key: "name") == "must not hold control characters")
        #expect(FieldLimits.problem(with: "\u{200B}\u{200B}", key: "operator") == "must not be empty")
        #expect(FieldLimits.problem(with: "Siti\u{200D}", key: "operator") == nil)
        let body =
            #"{"events":[{"type":"GradePromoted","effectiveDate":"2020-04-01","payload":{"from":"III/a","to":"III/b","kind":"lateral"}}]}"#
        #expect(
            throws: DomainError(
                field: "events[0].payload.kind",
                rule: "\"lateral\" is not one of: regular, functional, structural, diplomaAdjustment, outstanding, other")
        ) {
            try SubmissionReader.request(Array(body.utf8), nip: Build.nip, mintID: { UUID() })
        }
        let typed = #"{"events":[{"type":"CreditPointsAwarded","effectiveDate":"2020-04-01","payload":{"points":"ten","year":2020}}]}"#
        #expect(throws: DomainError(field: "events[0].payload.points", rule: "must be a number")) {
            try SubmissionReader.request(Array(typed.utf8), nip: Build.nip, mintID: { UUID() })
        }
    }
}
