import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient
import Projections
import TestSupport
import Testing

/// The merit reports' figures on a small agency built by hand.
@Suite("Merit reports on hand-built fixtures")
struct MeritReportTests {
    static let today = MeritSystemTests.today
    static let dinas = MeritSystemTests.dinas
    static let guru = Post(title: "Guru Ahli Muda", kind: .functional, level: .ahliMuda, org: dinas)

    /// A salary increase recorded late, with a TMT before one recorded earlier, makes the earlier
    /// one too soon: the finding counts from the late record, not from the one it is filed on.
    @Test func aFindingIsKnownOnceEveryEventBehindItIsRecorded() {
        let nip = MeritSystemTests.nip("198001012005012001")
        let kgb = { (day: String, at: Int64, position: Int64) -> CareerRecord in
            var record = MeritSystemTests.record(
                nip, .salaryIncreaseGranted(SalaryIncreaseGranted(basicSalary: 3_000_000, serviceYears: 10)), day)
            record.recordedAt = at
            record.position = position
            return record
        }
        var hire = MeritSystemTests.hire(nip, Self.guru)
        hire.recordedAt = 1
        hire.position = 1
        let onTime = kgb("2022-12-01", 1_000, 2), late = kgb("2022-06-01", 9_000, 3)
        let rows = EmployeeRows(nip: nip, records: [hire, onTime, late], today: Self.today)
        let finding = rows.findings.first { $0.ruleID == "P-KGB" }
        #expect(finding?.eventIDs == [onTime.id, late.id])
        #expect(finding?.recordedAt == 9_000)
    }

    @Test func competencyGapsEqualOpportunityAndMentoringCountWhatWasRecorded() async throws {
        let (g1, g2, mentor) = (
            MeritSystemTests.nip("198001012005012001"), MeritSystemTests.nip("199001012015011002"),
            MeritSystemTests.nip("196501011990011003")
        )
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let log = CareerLog(store: store)
        let recorder = MeritSystemTests.recorder
        func record(_ nip: NIP, _ event: CareerEvent, _ day: String) -> CareerRecord { MeritSystemTests.record(nip, event, day) }
        for person in [g1, g2, mentor] { try await log.record([MeritSystemTests.hire(person, Self.guru)], by: recorder, today: Self.today) }
        try await log.record(
            agency: [
                try MeritSystemTests.agencyRecord(
                    .competencyStandardDeclared(
                        CompetencyStandardDeclared(
                            title: "Guru Ahli Muda",
                            levels: [
                                CompetencyLevel(competency: "integritas", level: 3),
                                CompetencyLevel(competency: "teknis:kurikulum", level: 3),
                            ])),
                    "2020-01-02")
            ], by: recorder, today: Self.today)
        let assessed = { (levels: [(String, Int)]) in
            CareerEvent.competencyAssessed(
                CompetencyAssessed(levels: levels.map { CompetencyLevel(competency: $0.0, level: $0.1) }, assessor: "UPT Asesmen"))
        }
        let tagged = TrainingCompleted(
            name: "Pelatihan Integritas", kind: .technical, hours: 24, organiser: "BPSDM", certificate: "C-9",
            period: Period(start: MeritSystemTests.date("2024-04-28"), end: MeritSystemTests.date("2024-05-01")),
            competencies: ["integritas"])
        try await log.record(
            [
                record(
                    g1,
                    .mentoringRecorded(
                        MentoringRecorded(
                            mentor: mentor, kind: .mentoring,
                            period: Period(start: MeritSystemTests.date("2016-02-01"), end: MeritSystemTests.date("2016-08-01")))),
                    "2016-02-01"),
                record(g1, .gradePromoted(GradePromoted(from: .IIIa, to: .IIIb, kind: .regular)), "2020-04-01"),
                record(g1, assessed([("integritas", 2), ("teknis:kurikulum", 3)]), "2024-03-01"),
                record(g1, .trainingCompleted(tagged), "2024-05-01"),
            ], by: recorder, today: Self.today)
        try await log.record([record(g2, assessed([("integritas", 1)]), "2024-03-01")], by: recorder, today: Self.today)
        let projection = EmployeeProjection(store: store, today: { Self.today })
        try await ProjectionTests.catchUp(projection)
        let reports = WorkforceReports(pool: database.pool(), today: { Self.today })
        let scope = ReportScope(agency: MeritSystemTests.agency)

        let gaps = try await reports.competencyGapsByUnit(scope: scope).text
        #expect(gaps.count == 2, "\(gaps)")
        #expect(gaps.first?[3...7] == ["3", "2", "2", "1.5", "1"], "\(gaps)")
        #expect(gaps.last?[2...5] == ["teknis:kurikulum", "3", "1", "0"], "\(gaps)")
        let people = try await reports.competencyGapsByPerson(scope: scope).text
        #expect(
            people.map { [$0[0], $0[4], $0[5], $0[6], $0[7], $0[9]] } == [
                [g1.digits, "integritas", "3", "2", "1", "1"], [g2.digits, "integritas", "3", "1", "2", "0"],
            ])

        let equal = try await reports.equalOpportunity(fromYear: 2020, toYear: 2025, perUnit: false, scope: scope).text
        // Women 41-50: one, promoted; men 31-40: one, not promoted; men 51+: the mentor.
        #expect(
            equal.map { Array($0[2...6]) } == [
                ["F", "41-50", "1", "1", "100.0"], ["M", "31-40", "1", "0", "0.0"], ["M", "51 or older", "1", "0", "0.0"],
            ], "\(equal)")
        #expect(equal.allSatisfy { $0.last == "small group: fewer than 10" })

        // Every merit report also as it was at an earlier position (the read models replayed there).
        let earlier = try await store.head().position - 1
        _ = try await reports.competencyGapsByUnit(scope: scope, at: earlier)
        _ = try await reports.competencyGapsByPerson(scope: scope, at: earlier)
        _ = try await reports.succession(scope: scope, at: earlier)
        _ = try await reports.selections(scope: scope, at: earlier)
        #expect(try await reports.equalOpportunity(fromYear: 2020, toYear: 2025, perUnit: true, scope: scope, at: earlier).rows.count == 3)
        #expect(try await reports.mentoring(scope: scope, at: earlier).rows.count == 1)
        let mentoring = try await reports.mentoring(scope: scope).text
        #expect(
            mentoring.count == 1 && mentoring.first?[0] == mentor.digits && mentoring.first?[3] == "1" && mentoring.first?[4] == g1.digits)
        // g1 was mentored in III/a, held from 2005-01-01 to 2020-04-01: 15.2 years.
        #expect(mentoring.first?[5] == "15.2", "\(mentoring)")
    }
}
