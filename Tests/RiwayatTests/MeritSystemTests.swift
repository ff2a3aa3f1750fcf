import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient
import Projections
import TestSupport
import Testing

/// A small agency built by hand: an open selection, a JPT post filled without one, a relative's
/// rating declared late, a relative on a selection committee, a move outside the career pattern,
/// a key post whose successors are not ready; the cross-stream findings appear incrementally and
/// after a rebuild alike.
@Suite("Merit system read models and cross-stream findings")
struct MeritSystemTests {
    static let today = CivilDate(year: 2026, month: 1, day: 1) ?? CivilDate(dayNumber: 0)
    static let agency = "Pemerintah Kabupaten Sleman"
    static let dinas = OrgUnit(unit: "Dinas Pendidikan", agency: agency)
    static let head = Post(title: "Kepala Dinas Pendidikan", kind: .jptPratama, echelon: "II.b", org: dinas)
    static let recorder = Recorder.system("test", source: "cli")

    /// Five people: the appointee, two other candidates, a panel member and an appraiser.
    static let appointee = nip("197001012000011001"), second = nip("197202022000012002"), third = nip("197303032000011003")
    static let panelist = nip("196504041990031004"), appraiser = nip("196805051992031005")
    static let teacher = nip("198001012005012006"), outsider = nip("197106062000011007")

    static func nip(_ text: String) -> NIP { try! NIP(text) }  // crash-ok: test constants
    static func date(_ text: String) -> CivilDate { CivilDate(text) ?? today }

    static func record(_ nip: NIP, _ event: CareerEvent, _ day: String) -> CareerRecord {
        CareerRecord(
            nip: nip, effectiveDate: date(day),
            decree: event.requiresDecree ? Decree(number: "800/\(day)", date: date(day).adding(days: -10), signedBy: "Bupati") : nil,
            recordedBy: "", event: event)
    }

    static func hire(_ nip: NIP, _ post: Post = Post(title: "Analis Kebijakan", kind: .functional, org: dinas)) -> CareerRecord {
        record(nip, .cpnsAppointed(CpnsAppointed(grade: .IIIa, post: post, education: .s2)), "\(nip.appointmentMonth)")
    }

    static func agencyRecord(_ event: CareerEvent, _ day: String) throws -> SubmittedAgencyRecord {
        try SubmittedAgencyRecord(AgencyRecord(agency: agency, effectiveDate: date(day), recordedBy: "", event: event))
    }

    static func findings(_ pool: PostgresConnectionPool, nip: NIP, knownAt: Int64? = nil) async throws -> [FindingsQuery.Row] {
        var query = FindingsQuery()
        query.nip = nip.digits
        query.knownAt = knownAt
        // The merit rules only: the hand-built careers break others (recorded late, grade low for the post).
        return try await query.run(on: pool).rows.filter { $0.rule.hasPrefix("M-") || $0.rule == "P-SUCCESSOR" }
    }

    @Test func crossStreamFindingsAppearAndGoAsTheLogGrows() async throws {
        let (appointee, second, third, panelist) = (Self.appointee, Self.second, Self.third, Self.panelist)
        let (appraiser, teacher, outsider, dinas) = (Self.appraiser, Self.teacher, Self.outsider, Self.dinas)
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let log = CareerLog(store: store)
        let projection = EmployeeProjection(store: store, today: { Self.today })
        for person in [appointee, second, third, panelist, appraiser, outsider] {
            try await log.record([Self.hire(person)], by: Self.recorder, today: Self.today)
        }
        let guru = Post(title: "Guru Ahli Muda", kind: .functional, level: .ahliMuda, org: dinas)
        try await log.record([Self.hire(teacher, guru)], by: Self.recorder, today: Self.today)
        // The open selection: the committee proposes the second and third; the appointee is picked anyway.
        let selection: [CareerEvent] = [
            .vacancyAnnounced(VacancyAnnounced(selection: "JPT-2024-1", post: Self.head)),
            .selectionCommitteeFormed(
                SelectionCommitteeFormed(
                    selection: "JPT-2024-1", members: [PanelMember(nip: panelist, name: "Ir. P"), PanelMember(nip: nil, name: "Prof. Q")])),
            .candidateAssessed(
                CandidateAssessed(selection: "JPT-2024-1", candidate: appointee, stage: .interview, score: 70, passed: true)),
            .candidateAssessed(CandidateAssessed(selection: "JPT-2024-1", candidate: second, stage: .interview, score: 85, passed: true)),
            .candidateAssessed(CandidateAssessed(selection: "JPT-2024-1", candidate: third, stage: .interview, score: 80, passed: true)),
            .candidatesProposed(CandidatesProposed(selection: "JPT-2024-1", candidates: [second, third])),
            .selectionClosed(SelectionClosed(selection: "JPT-2024-1", outcome: .appointed, appointee: appointee)),
        ]
        let days = ["2024-01-10", "2024-01-20", "2024-03-01", "2024-03-01", "2024-03-01", "2024-04-01", "2024-05-01"]
        try await log.record(agency: try zip(selection, days).map { try Self.agencyRecord($0, $1) }, by: Self.recorder, today: Self.today)
        try await log.record(
            agency: [
                try Self.agencyRecord(
                    .careerPatternDeclared(
                        CareerPatternDeclared(paths: [
                            CareerPath(from: "Guru", to: "Kepala Sekolah"), CareerPath(from: "Kepala Sekolah", to: "Pengawas Sekolah"),
                        ])), "2020-01-01")
            ], by: Self.recorder, today: Self.today)
        try await log.record(
            [Self.record(appointee, .postAssigned(PostAssigned(post: Self.head, assignment: .definitif)), "2024-07-01")], by: Self.recorder,
            today: Self.today)
        // Another JPT post filled with no selection at all; an acting one is not judged.
        let other = Post(title: "Kepala Bappeda", kind: .jptPratama, echelon: "II.b", org: OrgUnit(unit: "Bappeda", agency: Self.agency))
        try await log.record(
            [
                Self.record(outsider, .postAssigned(PostAssigned(post: other, assignment: .plt)), "2024-02-01"),
                Self.record(outsider, .postAssigned(PostAssigned(post: other, assignment: .definitif)), "2024-08-01"),
            ], by: Self.recorder, today: Self.today)
        let pengawas = Post(title: "Pengawas Sekolah Ahli Madya", kind: .functional, level: .ahliMadya, org: dinas)
        try await log.record(
            [Self.record(teacher, .postAssigned(PostAssigned(post: pengawas, assignment: .definitif)), "2024-07-01")], by: Self.recorder,
            today: Self.today)
        // Within the pattern: a teacher becomes a principal (no finding).
        let principal = Self.nip("198202022006042008")
        try await log.record([Self.hire(principal, guru)], by: Self.recorder, today: Self.today)
        let kepalaSekolah = Post(title: "Kepala Sekolah", kind: .functional, level: .ahliMuda, org: dinas)
        try await log.record(
            [Self.record(principal, .postAssigned(PostAssigned(post: kepalaSekolah, assignment: .definitif)), "2024-07-01")],
            by: Self.recorder, today: Self.today)
        // A JPT post filled through a selection that proposed the appointee (no finding).
        let health = Post(
            title: "Kepala Dinas Kesehatan", kind: .jptPratama, echelon: "II.b", org: OrgUnit(unit: "Dinas Kesehatan", agency: Self.agency))
        let regular: [CareerEvent] = [
            .vacancyAnnounced(VacancyAnnounced(selection: "JPT-2024-2", post: health)),
            .selectionCommitteeFormed(SelectionCommitteeFormed(selection: "JPT-2024-2", members: [PanelMember(nip: nil, name: "Prof. R")])),
            .candidateAssessed(CandidateAssessed(selection: "JPT-2024-2", candidate: second, stage: .interview, score: 88, passed: true)),
            .candidatesProposed(CandidatesProposed(selection: "JPT-2024-2", candidates: [second])),
            .selectionClosed(SelectionClosed(selection: "JPT-2024-2", outcome: .appointed, appointee: second)),
        ]
        try await log.record(
            agency: try zip(regular, ["2024-02-01", "2024-02-10", "2024-03-01", "2024-04-01", "2024-05-01"]).map {
                try Self.agencyRecord($0, $1)
            },
            by: Self.recorder, today: Self.today)
        try await log.record(
            [Self.record(second, .postAssigned(PostAssigned(post: health, assignment: .definitif)), "2024-06-01")], by: Self.recorder,
            today: Self.today)
        let rating = Self.record(
            appointee,
            .performanceRated(PerformanceRated(year: 2023, results: .meets, behaviour: .meets, predikat: .baik, appraiser: appraiser)),
            "2024-01-15")
        try await log.record([rating], by: Self.recorder, today: Self.today)
        try await ProjectionTests.catchUp(projection)

        let first = try await Self.findings(database.pool(), nip: appointee)
        #expect(first.map(\.rule).sorted() == ["M-JPT-THREE"])
        #expect(first.first { $0.rule == "M-JPT-THREE" }?.message.contains("without being among the proposed candidates") == true)
        #expect(try await Self.findings(database.pool(), nip: outsider).map(\.rule) == ["M-JPT-OPEN"])
        let pattern = try await Self.findings(database.pool(), nip: teacher)
        #expect(pattern.map(\.rule) == ["M-PATTERN"])
        #expect(pattern.first?.message.contains("(no move from Guru to Pengawas Sekolah)") == true)
        #expect(try await Self.findings(database.pool(), nip: principal).isEmpty)
        // A later pattern that allows the move does not erase the finding under the pattern of the time.
        try await log.record(
            agency: [
                try Self.agencyRecord(
                    .careerPatternDeclared(CareerPatternDeclared(paths: [CareerPath(from: "Guru", to: "Pengawas Sekolah")])), "2025-01-01")
            ], by: Self.recorder, today: Self.today)
        try await ProjectionTests.catchUp(projection)
        #expect(try await Self.findings(database.pool(), nip: teacher).map(\.rule) == ["M-PATTERN"])
        #expect(try await Self.findings(database.pool(), nip: second).isEmpty)
        let beforeTie = try await store.head().position
        let ratingStored = try await log.history(of: appointee).first { $0.id == rating.id }
        let ratedAt = try #require(ratingStored?.recordedAt)

        // The appraiser declares, later, that the appointee is his sibling: the past rating is
        // judged again, and the finding counts from the declaration.
        let tie = Self.record(appraiser, .familyTieDeclared(FamilyTieDeclared(relative: appointee, relation: .sibling)), "2025-06-01")
        try await log.record([tie], by: Self.recorder, today: Self.today)
        // The panel member is the third candidate's parent-in-law.
        try await log.record(
            [Self.record(third, .familyTieDeclared(FamilyTieDeclared(relative: panelist, relation: .parentInLaw)), "2025-06-02")],
            by: Self.recorder, today: Self.today)
        try await ProjectionTests.catchUp(projection)
        let afterTie = try await Self.findings(database.pool(), nip: appointee)
        let relative = try #require(afterTie.first { $0.rule == "M-RELATIVE" })
        #expect(relative.eventIDs == [rating.id.uuidString.lowercased(), tie.id.uuidString.lowercased()])
        #expect(
            relative.message.contains(
                "rating (SKP) of \(appointee) by \(appraiser), a declared relative (sibling, declared by \(appraiser))"))
        let tieStored = try await log.history(of: appraiser).first { $0.id == tie.id }
        let tiedAt = try #require(tieStored?.recordedAt)
        // Known at the rating's recording: not yet a finding; known at the tie's: a finding.
        #expect(try await Self.findings(database.pool(), nip: appointee, knownAt: ratedAt).map(\.rule).contains("M-RELATIVE") == false)
        #expect(try await Self.findings(database.pool(), nip: appointee, knownAt: tiedAt).map(\.rule).contains("M-RELATIVE"))
        #expect(try await Self.findings(database.pool(), nip: third).map(\.rule) == ["M-RELATIVE"])
        // Declared from the other side too: still one finding for the one rating.
        try await log.record(
            [Self.record(appointee, .familyTieDeclared(FamilyTieDeclared(relative: appraiser, relation: .sibling)), "2025-06-03")],
            by: Self.recorder, today: Self.today)
        try await ProjectionTests.catchUp(projection)
        #expect(try await Self.findings(database.pool(), nip: appointee).filter { $0.rule == "M-RELATIVE" }.count == 1)
        #expect(beforeTie < (try await store.head().position))

        // Succession for the appointee's key post: nobody ready now is a finding with the holder;
        // a ready successor clears it.
        let key = KeyPost(title: Self.head.title, org: Self.dinas)
        try await log.record(
            [Self.record(second, .successorNamed(SuccessorNamed(keyPost: key, readiness: .oneToTwoYears)), "2025-01-01")],
            by: Self.recorder,
            today: Self.today)
        try await ProjectionTests.catchUp(projection)
        #expect(
            try await Self.findings(database.pool(), nip: appointee).map(\.rule).sorted() == ["M-JPT-THREE", "M-RELATIVE", "M-SUCCESSION"])
        #expect(try await Self.findings(database.pool(), nip: second).map(\.rule) == ["P-SUCCESSOR"])
        try await log.record(
            [Self.record(third, .successorNamed(SuccessorNamed(keyPost: key, readiness: .readyNow)), "2025-02-01")], by: Self.recorder,
            today: Self.today)
        try await ProjectionTests.catchUp(projection)
        #expect(try await Self.findings(database.pool(), nip: appointee).map(\.rule).sorted() == ["M-JPT-THREE", "M-RELATIVE"])
        // The succession report counts the plan: two successors, one ready now, both from outside
        // the talent pool (never assessed), one holder.
        let succession = try await WorkforceReports(pool: database.pool(), today: { Self.today }).succession().text
        #expect(succession == [[Self.agency, "Dinas Pendidikan", Self.head.title, "2", "1", "1", "0", "2", "1", "0", "false"]])

        // The same rows, findings included, from a rebuild.
        let incremental = try ProjectionTests.snapshot(database)
        try await projection.rebuild()
        let rebuilt = try ProjectionTests.snapshot(database)
        for table in ReadModelTables.names { #expect(rebuilt[table] == incremental[table], "\(table) differs after a rebuild") }
        #expect(incremental["selections"]?.count == 2 && incremental["selection_candidates"]?.count == 4)
        #expect(incremental["career_patterns"]?.count == 3 && incremental["family_ties"]?.count == 3)
    }
}
