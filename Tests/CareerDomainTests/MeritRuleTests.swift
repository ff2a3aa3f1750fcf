import CareerDomain
import Foundation
import Testing

@Suite("Merit system: structural rules of the new events and of agency streams, per-employee policy rules")
struct MeritRuleTests {
    static let head = KeyPost(title: "Kepala Dinas Pendidikan", org: Build.unit)
    static let relative = try! NIP("198801012012012003")  // crash-ok: test constant
    static let agency = Build.unit.agency
    static let jpt = Post(title: "Kepala Dinas Pendidikan", kind: .jptPratama, echelon: "II.b", org: Build.unit)

    func refusal(_ record: CareerRecord, after records: [CareerRecord] = [Build.appointed()]) -> DomainError? {
        StructuralRules.check(record, history: StreamHistory(records), today: Build.date("2026-01-01"))
    }

    func agencyRecord(_ event: CareerEvent, _ day: String = "2024-02-01") -> AgencyRecord {
        AgencyRecord(agency: Self.agency, effectiveDate: Build.date(day), recordedBy: "system:test", event: event)
    }

    @Test func competencyLevelsAreCodesWithLevelsOneToFive() {
        let good = Build.record(
            .competencyAssessed(
                CompetencyAssessed(
                    levels: [CompetencyLevel(competency: "integritas", level: 3), CompetencyLevel(competency: "teknis:audit", level: 2)],
                    assessor: "UPT Asesmen")), "2024-03-01")
        #expect(refusal(good) == nil)
        let high = Build.record(
            .competencyAssessed(CompetencyAssessed(levels: [CompetencyLevel(competency: "integritas", level: 6)], assessor: "UPT")),
            "2024-03-01")
        #expect(refusal(high)?.field == "payload.levels[0].level")
        let unknown = Build.record(
            .competencyAssessed(CompetencyAssessed(levels: [CompetencyLevel(competency: "charisma", level: 2)], assessor: "UPT")),
            "2024-03-01")
        #expect(refusal(unknown)?.field == "payload.levels[0].competency")
        #expect(refusal(unknown)?.rule.contains("is not a competency") == true)
        let twice = Build.record(
            .competencyAssessed(
                CompetencyAssessed(
                    levels: [CompetencyLevel(competency: "komunikasi", level: 2), CompetencyLevel(competency: "komunikasi", level: 3)],
                    assessor: "UPT")), "2024-03-01")
        #expect(refusal(twice)?.field == "payload.levels[1].competency")
        var training = Build.training(20, "2024-02-01", "2024-02-03")
        if case .trainingCompleted(var value) = training.event {
            value.competencies = ["integritas", "bogus"]
            training.event = .trainingCompleted(value)
        }
        #expect(refusal(training)?.field == "payload.competencies[1]")
    }

    @Test func aFamilyTieIsWithSomeoneElseAndAKGBHasItsDecree() {
        let own = Build.record(.familyTieDeclared(FamilyTieDeclared(relative: Build.nip, relation: .spouse)), "2024-01-01")
        #expect(refusal(own)?.field == "payload.relative")
        let tie = Build.record(.familyTieDeclared(FamilyTieDeclared(relative: Self.relative, relation: .sibling)), "2024-01-01")
        #expect(refusal(tie) == nil)
        var kgb = Build.record(.salaryIncreaseGranted(SalaryIncreaseGranted(basicSalary: 3_500_000, serviceYears: 8)), "2024-01-01")
        #expect(refusal(kgb) == nil)
        kgb.decree = nil
        #expect(refusal(kgb)?.field == "decree")
        let tiny = Build.record(.salaryIncreaseGranted(SalaryIncreaseGranted(basicSalary: 5, serviceYears: 8)), "2024-01-01")
        #expect(refusal(tiny)?.field == "payload.basicSalary")
    }

    @Test func aSuccessorIsRemovedOnlyAfterBeingNamed() {
        let removed = Build.record(.successorRemoved(SuccessorRemoved(keyPost: Self.head)), "2024-06-01")
        #expect(refusal(removed)?.field == "payload.keyPost")
        let named = Build.record(.successorNamed(SuccessorNamed(keyPost: Self.head, readiness: .readyNow)), "2024-01-01")
        #expect(refusal(removed, after: [Build.appointed(), named]) == nil)
        // Named after the removal's TMT: not yet a successor then.
        let later = Build.record(.successorNamed(SuccessorNamed(keyPost: Self.head, readiness: .readyNow)), "2024-09-01")
        #expect(refusal(removed, after: [Build.appointed(), later])?.field == "payload.keyPost")
    }

    @Test func agencyEventsNeverGoIntoAnEmployeesStream() {
        let vacancy = Build.record(.vacancyAnnounced(VacancyAnnounced(selection: "JPT-1", post: Self.jpt)), "2024-01-01")
        #expect(refusal(vacancy)?.field == "type")
        #expect(refusal(vacancy)?.rule.contains("agency's stream") == true)
        let promotion = agencyRecord(.awardGranted(AwardGranted(name: "X")))
        #expect(AgencyRules.check(promotion, history: AgencyHistory())?.field == "type")
    }

    @Test func anAgencyIsNamedInOneSpellingOnly() {
        var decomposed = agencyRecord(.careerPatternDeclared(CareerPatternDeclared(paths: [CareerPath(from: "Guru", to: "Kepala")])))
        decomposed.agency = "Kabupaten Cafe\u{301}"
        #expect(AgencyRules.check(decomposed, history: AgencyHistory())?.field == "agency")
        decomposed.agency = "Kabupaten Caf\u{E9}"
        #expect(AgencyRules.check(decomposed, history: AgencyHistory()) == nil)
        #expect(throws: DomainError.self) {
            try SubmissionReader.agencyRequest(Array(#"{"events":[]}"#.utf8), agency: "Cafe\u{301}", mintID: { UUID() })
        }
    }

    @Test func anOpenSelectionRunsInOrder() {
        let announced = agencyRecord(.vacancyAnnounced(VacancyAnnounced(selection: "JPT-1", post: Self.jpt)), "2024-01-10")
        #expect(AgencyRules.check(announced, history: AgencyHistory()) == nil)
        var history = AgencyHistory([announced])
        #expect(AgencyRules.check(announced, history: history)?.rule == "selection JPT-1 was announced already")
        let staff = Post(title: "Analis", kind: .functional, org: Build.unit)
        let notJPT = agencyRecord(.vacancyAnnounced(VacancyAnnounced(selection: "X-2", post: staff)))
        #expect(AgencyRules.check(notJPT, history: history)?.field == "payload.post.kind")
        let elsewhere = Post(title: "Kepala Dinas", kind: .jptPratama, org: OrgUnit(unit: "Dinas", agency: "Pemerintah Kota Padang"))
        #expect(
            AgencyRules.check(agencyRecord(.vacancyAnnounced(VacancyAnnounced(selection: "X-3", post: elsewhere))), history: history)?
                .field == "payload.post.org.agency")
        let early = agencyRecord(
            .selectionCommitteeFormed(SelectionCommitteeFormed(selection: "JPT-1", members: [PanelMember(nip: Build.boss, name: "A")])),
            "2024-01-01")
        #expect(AgencyRules.check(early, history: history)?.field == "effectiveDate")
        let unknown = agencyRecord(
            .candidateAssessed(CandidateAssessed(selection: "JPT-9", candidate: Build.nip, stage: .interview, score: 80, passed: true)))
        #expect(AgencyRules.check(unknown, history: history)?.rule == "selection JPT-9 was not announced in \(Self.agency)")
        let unassessed = agencyRecord(.candidatesProposed(CandidatesProposed(selection: "JPT-1", candidates: [Build.nip])))
        #expect(AgencyRules.check(unassessed, history: history)?.field == "payload.candidates[0]")
        let assessed = agencyRecord(
            .candidateAssessed(CandidateAssessed(selection: "JPT-1", candidate: Build.nip, stage: .interview, score: 80, passed: true)))
        #expect(
            AgencyRules.check(assessed, history: history)?.rule
                == "candidates of selection JPT-1 are assessed by its committee: form it first")
        let formed = agencyRecord(
            .selectionCommitteeFormed(SelectionCommitteeFormed(selection: "JPT-1", members: [PanelMember(nip: Build.boss, name: "A")])),
            "2024-01-20")
        history.add(formed)
        #expect(AgencyRules.check(formed, history: history)?.rule == "selection JPT-1 has its committee already")
        // Appointed before any proposal: refused.
        let hasty = agencyRecord(.selectionClosed(SelectionClosed(selection: "JPT-1", outcome: .appointed, appointee: Build.nip)))
        #expect(AgencyRules.check(hasty, history: history)?.field == "payload.outcome")
        #expect(AgencyRules.check(assessed, history: history) == nil)
        history.add(assessed)
        #expect(AgencyRules.check(unassessed, history: history) == nil)
        // A candidate who failed is not proposed.
        history.add(
            agencyRecord(
                .candidateAssessed(
                    CandidateAssessed(selection: "JPT-1", candidate: Build.boss, stage: .interview, score: 50, passed: false))))
        let failed = agencyRecord(.candidatesProposed(CandidatesProposed(selection: "JPT-1", candidates: [Build.boss])))
        #expect(AgencyRules.check(failed, history: history)?.rule.contains("did not pass") == true)
        let four = agencyRecord(
            .candidatesProposed(CandidatesProposed(selection: "JPT-1", candidates: [Build.nip, Build.boss, Self.relative, Build.nip])))
        #expect(AgencyRules.check(four, history: history)?.field == "payload.candidates")
        let proposal = agencyRecord(.candidatesProposed(CandidatesProposed(selection: "JPT-1", candidates: [Build.nip])), "2024-03-01")
        history.add(proposal)
        var later = assessed
        later.effectiveDate = Build.date("2024-03-05")
        #expect(AgencyRules.check(later, history: history)?.rule == "selection JPT-1 has made its proposal: no assessment after it")
        #expect(AgencyRules.check(proposal, history: history)?.rule == "selection JPT-1 has made its proposal already")
        let backdated = agencyRecord(
            .selectionClosed(SelectionClosed(selection: "JPT-1", outcome: .cancelled, appointee: nil)), "2024-02-15")
        #expect(AgencyRules.check(backdated, history: history)?.field == "effectiveDate")
        let noAppointee = agencyRecord(
            .selectionClosed(SelectionClosed(selection: "JPT-1", outcome: .appointed, appointee: nil)), "2024-04-01")
        #expect(AgencyRules.check(noAppointee, history: history)?.field == "payload.appointee")
        let closed = agencyRecord(
            .selectionClosed(SelectionClosed(selection: "JPT-1", outcome: .appointed, appointee: Self.relative)), "2024-04-01")
        // An appointee outside the proposed is a finding for inspectors, not a refusal.
        #expect(AgencyRules.check(closed, history: history) == nil)
        history.add(closed)
        #expect(AgencyRules.check(later, history: history)?.rule == "selection JPT-1 is closed")
    }

    @Test func aCareerPatternAllowsMovesWithinAFamilyAndTheDeclaredOnes() {
        let pattern = CareerPatternDeclared(paths: [
            CareerPath(from: "Guru", to: "Kepala Sekolah"), CareerPath(from: "Kepala Sekolah", to: "Pengawas Sekolah"),
        ])
        #expect(pattern.allows(from: "Guru Ahli Pertama", to: "Guru Ahli Muda"))
        #expect(pattern.allows(from: "Guru Ahli Muda", to: "Kepala Sekolah"))
        #expect(!pattern.allows(from: "Guru Ahli Madya", to: "Pengawas Sekolah Ahli Madya"))
        #expect(pattern.allows(from: "Pengelola Keuangan", to: "Auditor Ahli Pertama"))
        let same = agencyRecord(.careerPatternDeclared(CareerPatternDeclared(paths: [CareerPath(from: "Guru", to: "guru")])))
        #expect(AgencyRules.check(same, history: AgencyHistory())?.field == "payload.paths[0].to")
    }

    @Test func salaryIncreasesComeEveryTwoYears() {
        let kgb = { (day: String) in
            Build.record(.salaryIncreaseGranted(SalaryIncreaseGranted(basicSalary: 3_500_000, serviceYears: 8)), day)
        }
        let regular = [Build.appointed(), kgb("2019-05-01"), kgb("2021-05-01")]
        #expect(PolicyRules.findings(for: regular, nip: Build.nip, rules: [SalaryIncreaseEveryTwoYears()]).isEmpty)
        let early = [Build.appointed(), kgb("2019-05-01"), kgb("2020-05-01")]
        let found = PolicyRules.findings(for: early, nip: Build.nip, rules: [SalaryIncreaseEveryTwoYears()])
        #expect(found.map(\.ruleID) == ["P-KGB"] && found.first?.eventIDs == [early[2].id, early[1].id])
        #expect(found.first?.message == "periodic salary increase (KGB) 12 month(s) after the previous one of 2019-05-01 (needs 24)")
    }

    @Test func successorsComeFromTheTalentPool() {
        let named = Build.record(.successorNamed(SuccessorNamed(keyPost: Self.head, readiness: .readyNow)), "2024-01-01")
        let pool = Build.record(.talentAssessed(TalentAssessed(performance: .above, potential: .high)), "2023-09-01")
        let middle = Build.record(.talentAssessed(TalentAssessed(performance: .meets, potential: .middle)), "2023-09-01")
        let rule = [SuccessorFromTalentPool()] as [any PolicyRule]
        #expect(PolicyRules.findings(for: [Build.appointed(), pool, named], nip: Build.nip, rules: rule).isEmpty)
        #expect(
            PolicyRules.findings(for: [Build.appointed(), middle, named], nip: Build.nip, rules: rule).first?.message
                == "named successor for \(Self.head) from box 5, outside the talent pool (boxes 7–9)")
        #expect(PolicyRules.findings(for: [Build.appointed(), named], nip: Build.nip, rules: rule).first?.ruleID == "P-SUCCESSOR")
    }
}
