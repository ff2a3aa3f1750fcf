import CareerDomain
import Foundation
import Testing

@Suite("Policy rules yield findings and stay quiet on clean careers")
struct PolicyRuleTests {
    func findings(_ records: [CareerRecord], rule: any PolicyRule) -> [Finding] {
        PolicyRules.findings(for: records, nip: Build.nip, rules: [rule])
    }

    /// A career that breaks nothing: 4 years in grade, Baik ratings, within the ceiling.
    var clean: [CareerRecord] {
        [Build.appointed(), Build.rated(2017, .baik), Build.rated(2018, .sangatBaik), Build.promoted(.IIIa, .IIIb, "2019-10-01")]
    }

    @Test func aCleanCareerHasNoFindings() {
        #expect(PolicyRules.findings(for: clean, nip: Build.nip).isEmpty)
    }

    @Test func fourYearsInGrade() {
        let early = [Build.appointed(), Build.rated(2016, .baik), Build.rated(2017, .baik), Build.promoted(.IIIa, .IIIb, "2018-04-01")]
        let found = findings(early, rule: FourYearsInGrade())
        #expect(found.map(\.ruleID) == ["P-4Y"])
        #expect(found.first?.eventIDs == [early[3].id])
        #expect(found.first?.message == "regular promotion to III/b after 2 year(s) in III/a (needs 4)")
        #expect(findings(clean, rule: FourYearsInGrade()).isEmpty)
        let special = [Build.appointed(), Build.promoted(.IIIa, .IIIb, "2016-04-01", kind: .outstanding)]
        #expect(findings(special, rule: FourYearsInGrade()).isEmpty)
        // Unpaid leave (CLTN) pauses the clock: a year of it makes four years and five months three.
        let paused = [
            Build.appointed(), Build.record(.leaveStarted(LeaveStarted(kind: .unpaid)), "2016-01-01"),
            Build.record(.leaveEnded(LeaveEnded(kind: .unpaid)), "2017-01-01"), Build.promoted(.IIIa, .IIIb, "2019-10-01"),
        ]
        #expect(
            findings(paused, rule: FourYearsInGrade()).first?.message
                == "regular promotion to III/b after 3 year(s) in III/a (needs 4; 366 days of unpaid leave do not count)")
        // A leave still running counts up to the promotion's TMT.
        let running = [
            Build.appointed(), Build.record(.leaveStarted(LeaveStarted(kind: .unpaid)), "2019-01-01"),
            Build.promoted(.IIIa, .IIIb, "2019-10-01"),
        ]
        #expect(findings(running, rule: FourYearsInGrade()).first?.message.hasPrefix("regular promotion to III/b after 3 year(s)") == true)
    }

    @Test func oneRatingPerYear() {
        let twice = [Build.appointed(), Build.rated(2017, .baik), Build.rated(2017, .sangatBaik)]
        let found = findings(twice, rule: OneRatingPerYear())
        #expect(found.map(\.ruleID) == ["P-SKP2"] && found.first?.eventIDs == [twice[2].id])
        #expect(found.first?.message == "a second rating for 2017 (Sangat Baik) while one is on record (Baik); correct the first instead")
        #expect(findings(clean, rule: OneRatingPerYear()).isEmpty)
        // A correction of the first rating replaces it: no second rating.
        let corrected = [
            Build.appointed(), Build.rated(2017, .baik),
        ]
        let fix = Build.record(
            .corrected(
                Corrected(
                    target: corrected[1].id, reason: "salah predikat", replacement: Build.rated(2017, .sangatBaik).event,
                    replacementEffectiveDate: corrected[1].effectiveDate)),
            "2018-02-01")
        #expect(findings(corrected + [fix], rule: OneRatingPerYear()).isEmpty)
    }

    @Test func educationCeiling() {
        let capped = [Build.appointed(grade: .IIIb, education: .sma), Build.promoted(.IIIb, .IIIc, "2019-10-01")]
        #expect(findings(capped, rule: EducationCeiling()).first?.message == "regular promotion to III/c is above the SMA ceiling III/b")
        #expect(findings(clean, rule: EducationCeiling()).isEmpty)
    }

    @Test func ratingsBeforePromotion() {
        let weak = [Build.appointed(), Build.rated(2017, .baik), Build.rated(2018, .kurang), Build.promoted(.IIIa, .IIIb, "2019-10-01")]
        #expect(findings(weak, rule: RatingsBeforePromotion()).map(\.ruleID) == ["P-SKP"])
        #expect(findings(clean, rule: RatingsBeforePromotion()).isEmpty)
    }

    @Test func gradeForAManagerialPost() {
        let head = Post(title: "Kepala Bidang", kind: .administrator, echelon: "III.b", org: Build.unit)
        let tooLow = [Build.appointed(), Build.record(.postAssigned(PostAssigned(post: head, assignment: .definitif)), "2018-01-02")]
        #expect(
            findings(tooLow, rule: GradeForPost()).first?.message
                == "Administrator post \"Kepala Bidang\" given at grade III/a (needs at least III/d)")
        let acting = [Build.appointed(), Build.record(.postAssigned(PostAssigned(post: head, assignment: .plt)), "2018-01-02")]
        #expect(findings(acting, rule: GradeForPost()).isEmpty)
    }

    @Test func promotionWhileOnUnpaidLeaveOrUnderDiscipline() {
        let onLeave = [
            Build.appointed(), Build.record(.leaveStarted(LeaveStarted(kind: .unpaid)), "2018-01-01"),
            Build.promoted(.IIIa, .IIIb, "2019-04-01", kind: .outstanding),
        ]
        #expect(findings(onLeave, rule: PromotionWhileBlocked()).first?.severity == .serious)
        let penalty = Build.record(
            .disciplineImposed(
                DisciplineImposed(
                    level: .medium, period: Period(start: Build.date("2019-01-01"), end: Build.date("2019-12-31")),
                    description: "absence")),
            "2019-01-01")
        let disciplined = [Build.appointed(), penalty, Build.promoted(.IIIa, .IIIb, "2019-10-01")]
        #expect(findings(disciplined, rule: PromotionWhileBlocked()).count == 1)
        let annulled =
            disciplined.prefix(2) + [
                Build.record(.disciplineAnnulled(DisciplineAnnulled(discipline: penalty.id, reason: "appeal")), "2019-02-01"),
                disciplined[2],
            ]
        #expect(findings(Array(annulled), rule: PromotionWhileBlocked()).isEmpty)
        #expect(findings(clean, rule: PromotionWhileBlocked()).isEmpty)
    }

    @Test func lateRecording() {
        let late = [
            Build.appointed(),
            Build.record(.gradePromoted(GradePromoted(from: .IIIa, to: .IIIb, kind: .regular)), "2019-04-01", recordedAt: "2021-01-15"),
        ]
        #expect(findings(late, rule: LateRecording()).first?.message == "GradePromoted effective 2019-04-01 was recorded 655 days later")
        let prompt = [
            Build.appointed(),
            Build.record(.gradePromoted(GradePromoted(from: .IIIa, to: .IIIb, kind: .regular)), "2019-04-01", recordedAt: "2019-04-10"),
        ]
        #expect(findings(prompt, rule: LateRecording()).isEmpty)
    }

    @Test func selfRecorded() {
        let own = [
            Build.appointed(),
            Build.record(.awardGranted(AwardGranted(name: "Satyalancana Karya Satya X")), "2025-08-17", recordedBy: Build.nip.digits),
        ]
        #expect(findings(own, rule: SelfRecorded()).map(\.ruleID) == ["P-SELF"])
        #expect(findings(clean, rule: SelfRecorded()).isEmpty)
    }

    @Test func aCorrectionThatFixesTheEventRemovesItsFinding() {
        let early = Build.promoted(.IIIa, .IIIb, "2018-04-01")
        var records = [Build.appointed(), Build.rated(2016, .baik), Build.rated(2017, .baik), Build.rated(2018, .baik), early]
        #expect(findings(records, rule: FourYearsInGrade()).count == 1)
        records.append(
            Build.record(
                .corrected(
                    Corrected(
                        target: early.id, reason: "TMT typed wrongly", replacement: early.event,
                        replacementEffectiveDate: Build.date("2019-10-01"))), "2019-10-01"))
        #expect(findings(records, rule: FourYearsInGrade()).isEmpty)
    }
}

extension PolicyRuleTests {
    @Test func aPromotionStartsFromTheGradeHeldAndARegularOneMovesOneStep() {
        let records = [Build.appointed(), Build.promoted(.IIIb, .IIIc, "2019-04-01"), Build.promoted(.IIIc, .IVb, "2023-10-01")]
        let found = PolicyRules.findings(for: records, nip: Build.nip, rules: [PromotionFromGradeHeld(), RegularPromotionOneStep()])
        #expect(found.map(\.ruleID) == ["P-FROM", "P-STEP"])
        #expect(found.first?.message == "promotion from III/b to III/c, but the grade held on 2019-04-01 is III/a")
        // A special promotion may skip steps; a late record of the missing promotion explains the first.
        let complete = [Build.appointed(), Build.promoted(.IIIb, .IIIc, "2019-04-01"), Build.promoted(.IIIa, .IIIb, "2017-04-01")]
        #expect(PolicyRules.findings(for: complete, nip: Build.nip, rules: [PromotionFromGradeHeld()]).isEmpty)
        let special = [Build.appointed(), Build.promoted(.IIIa, .IIId, "2019-04-01", kind: .outstanding)]
        #expect(PolicyRules.findings(for: special, nip: Build.nip, rules: [RegularPromotionOneStep()]).isEmpty)
    }
}

extension PolicyRuleTests {
    @Test func aDecreeSignedLongAfterItsTMTIsBackdated() {
        var promotion = Build.promoted(.IIIa, .IIIb, "2019-04-01")
        promotion.decree = Decree(number: "800/9/BKD/2019", date: Build.date("2019-09-01"), signedBy: "Bupati")
        let found = BackdatedDecree(thresholdDays: 90).evaluate(
            promotion, before: EmployeeState(nip: Build.nip, asOf: promotion.effectiveDate))
        #expect(found?.message == "GradePromoted decree 800/9/BKD/2019 signed 2019-09-01, 153 days after its TMT 2019-04-01 (more than 90)")
        #expect(found?.effectiveDate == promotion.effectiveDate && found?.decree == promotion.decree)
        #expect(
            BackdatedDecree(thresholdDays: 200).evaluate(promotion, before: EmployeeState(nip: Build.nip, asOf: promotion.effectiveDate))
                == nil)
        #expect(PolicySettings.from(environment: ["RIWAYAT_BACKDATED_DECREE_DAYS": "30"]).backdatedDecreeDays == 30)
        #expect(PolicySettings.from(environment: ["RIWAYAT_BACKDATED_DECREE_DAYS": "-4"]).backdatedDecreeDays == 90)
    }

    @Test func migratedHistoryIsLateByItsDecreeDateNotByTheMigration() {
        var promotion = Build.promoted(.IIIa, .IIIb, "2019-04-01", recordedAt: "2026-06-01")
        promotion.decree = Decree(number: "1", date: Build.date("2019-03-20"), signedBy: "B")
        let state = EmployeeState(nip: Build.nip, asOf: promotion.effectiveDate)
        #expect(LateRecording().evaluate(promotion, before: state)?.ruleID == "P-LATE")
        promotion.migrated = true
        #expect(LateRecording().evaluate(promotion, before: state) == nil)
        promotion.decree = Decree(number: "1", date: Build.date("2021-01-10"), signedBy: "B")
        #expect(
            LateRecording().evaluate(promotion, before: state)?.message
                == "GradePromoted effective 2019-04-01 its decree was signed 650 days later")
    }

    @Test func serviceStopsAtSeparationAndServicePastBUPIsAFinding() {
        let appointed = Build.appointed()
        let retired = Build.record(.separated(Separated(reason: .retirement)), "2023-01-01")
        let after = CareerFold.state(of: [appointed, retired], nip: Build.nip, asOf: Build.date("2040-01-01"))
        #expect(after.serviceYears == 7)
        // Born 1986-09-26, a teacher (BUP 60): retires 2046-10-01. Still in service in 2047: a finding.
        let inService = CareerFold.state(of: [appointed], nip: Build.nip, asOf: Build.date("2047-03-01"))
        let standing = PolicyRules.standing(inService, today: Build.date("2047-03-01"))
        #expect(standing.map(\.ruleID) == ["P-BUP"])
        #expect(standing.first?.eventIDs == [appointed.id])
        #expect(PolicyRules.standing(inService, today: Build.date("2046-09-30")).isEmpty)
        #expect(PolicyRules.standing(after, today: Build.date("2047-03-01")).isEmpty)
    }

    @Test func aFindingIsFiledWhereItsEventTookEffect() {
        let elsewhere = OrgUnit(unit: "Dinas Kesehatan", agency: "Pemerintah Kota Yogyakarta")
        var promotion = Build.promoted(.IIIa, .IIIb, "2017-04-01")  // two years in grade: P-4Y
        promotion.decree = Build.decree(on: "2017-03-20")
        let records = [
            Build.appointed(), promotion, Build.record(.transferred(Transferred(from: Build.unit, to: elsewhere)), "2020-01-01"),
        ]
        let found = PolicyRules.findings(for: records, nip: Build.nip, rules: [FourYearsInGrade()])
        #expect(found.map(\.org) == [Build.unit])
    }
}

extension PolicyRuleTests {
    @Test func aTransferStartsWhereTheEmployeeIsPlaced() {
        let elsewhere = OrgUnit(unit: "Dinas Kesehatan", agency: "Pemerintah Kota Padang")
        let mine = OrgUnit(unit: "Dinas Kesehatan", agency: "Pemerintah Provinsi Jawa Tengah")
        let claimed = Build.record(.transferred(Transferred(from: mine, to: elsewhere)), "2020-01-01")
        let found = PolicyRules.findings(for: [Build.appointed(), claimed], nip: Build.nip, rules: [TransferFromPlacement()])
        #expect(found.map(\.ruleID) == ["P-MOVE"])
        let honest = Build.record(.transferred(Transferred(from: Build.unit, to: elsewhere)), "2020-01-01")
        #expect(PolicyRules.findings(for: [Build.appointed(), honest], nip: Build.nip, rules: [TransferFromPlacement()]).isEmpty)
        // The operator the client names counts for P-SELF however it is dressed.
        var own = Build.rated(2016, .baik)
        own.recordedBy = "system:clerk"
        own.operatorName = " \(Build.nip.digits) "
        #expect(SelfRecorded().evaluate(own, before: EmployeeState(nip: Build.nip, asOf: own.effectiveDate)) != nil)
    }
}
