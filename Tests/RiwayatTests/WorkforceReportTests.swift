import CareerDomain
import CareerLog
import EventStore
import Foundation
import Projections
import TestSupport
import Testing

@Suite("Workforce reports on a hand-written history")
struct WorkforceReportTests {
    static func day(_ text: String) -> CivilDate { CivilDate(text) ?? CivilDate(dayNumber: 0) }

    /// Three employees (see each comment); every expected number below is worked out by hand.
    static func history() throws -> [[CareerRecord]] {
        func record(_ nip: NIP, _ date: String, _ event: CareerEvent) -> CareerRecord {
            let sk = Decree(number: "800/1/BKD", date: day(date).adding(days: -20), signedBy: "Bupati Sleman")
            return CareerRecord(nip: nip, effectiveDate: day(date), decree: event.requiresDecree ? sk : nil, recordedBy: "", event: event)
        }
        let boss = try NIP("197001011995031002")
        func rating(_ nip: NIP, _ year: Int) -> CareerRecord {
            record(
                nip, "\(year + 1)-01-15",
                .performanceRated(PerformanceRated(year: year, results: .meets, behaviour: .meets, predikat: .baik, appraiser: boss)))
        }
        func training(_ nip: NIP, _ hours: Int, _ date: String) -> CareerRecord {
            record(
                nip, date,
                .trainingCompleted(
                    TrainingCompleted(
                        name: "Diklat", kind: .technical, hours: hours, organiser: "BPSDM", certificate: nil,
                        period: Period(start: day(date), end: day(date)))))
        }
        let school = OrgUnit(unit: "Dinas Pendidikan", agency: "Pemerintah Kabupaten Sleman")
        let health = OrgUnit(unit: "Dinas Kesehatan", agency: "Pemerintah Kabupaten Sleman")
        // A: teacher (BUP 60, retires 2040-02-01), III/a 2005 → III/b 2009-04 → III/c 2013-10, Baik 2023 and 2024, 24 JP in 2024.
        let a = try NIP("198001012005011001")
        // B: health staff (Pelaksana, BUP 58), II/c 2000-03 → II/d 2006-04, retired 2024-02-01, 10 JP in 2023.
        let b = try NIP("196601152000032002")
        // C: pelaksana at the school office since 2015-05, no ratings, 8 JP in 2024.
        let c = try NIP("199005052015052003")
        return [
            [
                record(
                    a, "2005-01-01",
                    .cpnsAppointed(
                        CpnsAppointed(
                            grade: .IIIa, post: Post(title: "Guru Ahli Pertama", kind: .functional, level: .ahliPertama, org: school),
                            education: .s1))),
                record(a, "2009-04-01", .gradePromoted(GradePromoted(from: .IIIa, to: .IIIb, kind: .regular))),
                record(a, "2013-10-01", .gradePromoted(GradePromoted(from: .IIIb, to: .IIIc, kind: .regular))),
                rating(a, 2023), rating(a, 2024), training(a, 24, "2024-06-10"),
            ],
            [
                record(
                    b, "2000-03-01",
                    .cpnsAppointed(
                        CpnsAppointed(grade: .IIc, post: Post(title: "Pengadministrasi", kind: .pelaksana, org: health), education: .d3))),
                record(b, "2006-04-01", .gradePromoted(GradePromoted(from: .IIc, to: .IId, kind: .regular))),
                training(b, 10, "2023-03-01"),
                record(b, "2024-02-01", .separated(Separated(reason: .retirement))),
            ],
            [
                record(
                    c, "2015-05-01",
                    .cpnsAppointed(
                        CpnsAppointed(grade: .IIIa, post: Post(title: "Pengelola Data", kind: .pelaksana, org: school), education: .s1))),
                training(c, 8, "2024-09-01"),
            ],
        ]
    }

    @Test func eachReportGivesTheHandComputedNumbers() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let log = CareerLog(store: store)
        for career in try Self.history() { try await log.record(career, by: .test) }
        let projection = EmployeeProjection(store: store, today: { Self.day("2026-01-01") })
        try await projection.applyNext()
        let reports = WorkforceReports(pool: store.pool, today: { Self.day("2026-01-01") })
        let sleman = "Pemerintah Kabupaten Sleman"

        // A unit is always named with its agency.
        let headcount2020 = try await reports.headcount(asOf: Self.day("2020-12-31"), by: [.unit])
        #expect(headcount2020.columns == ["agency", "unit", "headcount"])
        #expect(headcount2020.text == [[sleman, "Dinas Kesehatan", "1"], [sleman, "Dinas Pendidikan", "2"]])
        #expect(headcount2020.rows.first?.last == .integer(1))
        #expect(headcount2020.position == 12 && headcount2020.asOf == Self.day("2020-12-31"))
        #expect(try await reports.headcount(asOf: Self.day("2025-01-01"), by: [.unit]).text == [[sleman, "Dinas Pendidikan", "2"]])
        #expect(
            try await reports.headcount(asOf: Self.day("2020-12-31"), by: [.sex, .ageBand]).text
                == [["F", "51+"], ["F", "<=30"], ["M", "31-40"]].map { $0 + ["1"] })
        #expect(try await reports.headcount(asOf: Self.day("2004-12-31"), by: []).text == [["1"]])
        // After today, retirements at BUP apply: A (a teacher, BUP 60) retires on 2040-02-01, C stays.
        #expect(try await reports.headcount(asOf: Self.day("2041-01-01"), by: []).text == [["1"]])
        #expect(try await reports.headcount(asOf: Self.day("2039-01-01"), by: []).text == [["2"]])
        // Filters.
        #expect(
            try await reports.headcount(asOf: Self.day("2020-12-31"), by: [], scope: ReportScope(unit: "Dinas Kesehatan")).text == [["1"]])
        #expect(
            try await reports.headcount(asOf: Self.day("2020-12-31"), by: [], scope: ReportScope(agency: "Kota Yogyakarta")).text == [["0"]]
        )

        let flows = try await reports.flows(fromYear: 2024, toYear: 2024)
        #expect(flows.rows == [[.integer(2024), .text("separation"), .text("retirement"), .integer(1)]])
        // A flow without a reason has none (null), not an empty text.
        #expect(try await reports.flows(fromYear: 2015, toYear: 2015).rows == [[.integer(2015), .text("hire"), .null, .integer(1)]])

        // III/a: 2005-01-01 → 2009-04-01 = 1551 days = 4.2 years; III/b: 1644 days = 4.5; II/c: 2222 days = 6.1.
        let velocity = try await reports.promotionVelocity()
        #expect(
            velocity.text == [
                ["II/c", sleman, "Dinas Kesehatan", "1", "6.1", "6.1"],
                ["III/a", sleman, "Dinas Pendidikan", "1", "4.2", "4.2"],
                ["III/b", sleman, "Dinas Pendidikan", "1", "4.5", "4.5"],
            ])
        #expect(velocity.rows.first?[4] == .decimal(6.1))

        // In service on 2024-12-31: A (24 JP) and C (8 JP). The default year is the last complete one.
        let coverage = try await reports.trainingCoverage(year: nil)
        #expect(coverage.parameters["year"] == .integer(2025) && coverage.asOf == Self.day("2025-12-31"))
        #expect(try await reports.trainingCoverage(year: 2024).text == [[sleman, "Dinas Pendidikan", "2", "1", "50.0"]])
        // A future year counts whom the headcount counts on its 31 December: nobody past BUP.
        for year in [2030, 2040, 2041] {
            let counted = try await reports.trainingCoverage(year: year).rows.reduce(Int64(0)) {
                if case .integer(let employees) = $1[2] { return $0 + employees }
                return $0
            }
            let headcount = try await reports.headcount(asOf: Self.day("\(year)-12-31"), by: []).rows.first?.first
            #expect(headcount == .integer(counted), "\(year)")
        }
        #expect(
            try await reports.retirementForecast(fromYear: 2040, years: 1).text == [
                ["2040", sleman, "Dinas Pendidikan", "Fungsional", "1"]
            ])
        #expect(try await reports.retirementForecast(fromYear: 2024, years: 3).rows.isEmpty)
        // The round after 2025-06-01 is 2025-10-01; A has four years in III/c and Baik in 2023 and 2024.
        let eligible = try await reports.promotionEligible(asOf: Self.day("2025-06-01"))
        #expect(eligible.text.map { $0[0] } == ["198001012005011001"])
        #expect(eligible.parameters["round"] == .text("2025-10-01"))
        #expect(eligible.parameters["firstRatingYear"] == .integer(2023) && eligible.parameters["lastRatingYear"] == .integer(2024))
        // One round, one list: the ratings judged are those of the two years before the round's
        // year (as P-SKP judges the promotion), whatever day the list is asked for.
        for day in ["2025-04-02", "2025-09-30", "2025-10-01"] {
            let same = try await reports.promotionEligible(asOf: Self.day(day))
            #expect(same.rows == eligible.rows && same.parameters == eligible.parameters, "\(day)")
        }
        #expect(try await reports.promotionEligible(asOf: Self.day("2026-06-01")).rows.isEmpty)  // no 2025 rating
        let boxes = try await reports.talentBoxes()
        #expect(boxes.text == [[sleman, "Dinas Pendidikan", "", "2", "not assessed"]])

        // Reproducible: the same position gives the same numbers, and the CSV and JSON say which.
        #expect(try await reports.headcount(asOf: Self.day("2020-12-31"), by: [.unit]) == headcount2020)
        #expect(
            headcount2020.csv == """
                agency,unit,headcount,log_position,as_of
                \(sleman),Dinas Kesehatan,1,12,2020-12-31
                \(sleman),Dinas Pendidikan,2,12,2020-12-31

                """)
        #expect(
            headcount2020.json.contains(#""asOf":"2020-12-31""#) && headcount2020.json.contains(#""headcount":1,"#)
                || headcount2020.json.contains(#""headcount":1}"#))
        #expect(headcount2020.json.contains(#""position":12"#))
        await store.pool.close()
    }

    /// Unpaid leave (CLTN) pauses the clock of years in grade, and nobody on it is promoted.
    @Test func headcountHistoryCountsAsHeadcountDoesOnEachDay() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        for career in try Self.history() { try await CareerLog(store: store).record(career, by: .test) }
        try await EmployeeProjection(store: store, today: { Self.day("2026-01-01") }).applyNext()
        let reports = WorkforceReports(pool: store.pool, today: { Self.day("2026-01-01") })
        // Past year ends and a day years ahead, where retirements at BUP apply; whole and one agency.
        for scope in [ReportScope(), ReportScope(agency: "Pemerintah Kabupaten Sleman")] {
            for asOf in [Self.day("2025-06-30"), Self.day("2041-03-01")] {
                let history = try await reports.headcountHistory(asOf: asOf, years: 20, scope: scope)
                #expect(history.columns == ["day", "headcount"])
                #expect(history.rows.count == 21)
                var total: Int64 = 0
                for row in history.rows {
                    let day = Self.day(row[0].description)
                    let single = try await reports.headcount(asOf: day, by: [], scope: scope)
                    let expected: ReportTable.Value = single.rows.first?.first ?? .integer(0)
                    #expect(row[1] == expected, "\(day) \(scope)")
                    if case .integer(let count) = row[1] { total += count }
                }
                #expect(total > 0, "the history counts somebody")
            }
        }
    }

    @Test func promotionEligibilityLeavesOutUnpaidLeave() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let log = CareerLog(store: store)
        let boss = try NIP("197001011995031002")
        let school = OrgUnit(unit: "Dinas Pendidikan", agency: "Pemerintah Kabupaten Sleman")
        func career(_ digits: String, leave: (String, String?)?) throws -> [CareerRecord] {
            let nip = try NIP(digits)
            func record(_ date: String, _ event: CareerEvent) -> CareerRecord {
                let sk = Decree(number: "800/2/BKD", date: Self.day(date).adding(days: -20), signedBy: "Bupati Sleman")
                return CareerRecord(
                    nip: nip, effectiveDate: Self.day(date), decree: event.requiresDecree ? sk : nil, recordedBy: "", event: event)
            }
            let post = Post(title: "Guru Ahli Pertama", kind: .functional, level: .ahliPertama, org: school)
            var records = [
                record("2013-10-01", .cpnsAppointed(CpnsAppointed(grade: .IIIb, post: post, education: .s1))),
                record("2017-10-01", .gradePromoted(GradePromoted(from: .IIIb, to: .IIIc, kind: .regular))),
            ]
            for year in [2019, 2020, 2023, 2024] {
                records.append(
                    record(
                        "\(year + 1)-01-15",
                        .performanceRated(
                            PerformanceRated(year: year, results: .meets, behaviour: .meets, predikat: .baik, appraiser: boss))))
            }
            // A leave started after the 2025 ratings, so the records stay in date order.
            if let (start, end) = leave {
                records.append(record(start, .leaveStarted(LeaveStarted(kind: .unpaid))))
                if let end { records.append(record(end, .leaveEnded(LeaveEnded(kind: .unpaid)))) }
            }
            return records
        }
        // III/c since 2021-10-01 would be exactly four years on the round of 2025-10-01.
        func promotedIn2021(_ records: [CareerRecord]) -> [CareerRecord] {
            records.map { record in
                guard case .gradePromoted = record.event else { return record }
                var moved = record
                moved.effectiveDate = Self.day("2021-10-01")
                moved.decree?.date = Self.day("2021-09-11")
                return moved
            }
        }
        let plain = promotedIn2021(try career("198501012013101001", leave: nil))
        let paused = promotedIn2021(try career("198501022013101002", leave: ("2025-02-01", "2025-04-01")))
        let away = try career("198501032013101003", leave: ("2025-03-01", nil))
        let back = try career("198501042013101004", leave: ("2025-02-01", "2025-04-01"))
        for records in [plain, paused, away, back] { try await log.record(records, by: .test) }
        let projection = EmployeeProjection(store: store, today: { Self.day("2025-06-01") })
        try await projection.applyNext()
        let reports = WorkforceReports(pool: store.pool, today: { Self.day("2025-06-01") })
        let eligible = try await reports.promotionEligible(asOf: Self.day("2025-06-01"))
        // Two months of CLTN leave the second short of four years; the third is on leave on the
        // round; the fourth was on leave and is back, with years to spare.
        #expect(eligible.text.map { $0[0] } == ["198501012013101001", "198501042013101004"], "\(eligible.text)")
        // A past round is judged on where each stood then: in the round of 2021-04-01 the first
        // two held III/b since 2013 (their III/c came in October 2021); the others III/c since 2017.
        let past = try await reports.promotionEligible(asOf: Self.day("2021-01-01"))
        #expect(
            past.text.map { [$0[0], $0[1], $0[2]] } == [
                ["198501012013101001", "III/b", "2013-10-01"], ["198501022013101002", "III/b", "2013-10-01"],
            ], "\(past.text)")
        await store.pool.close()
    }
}

@Suite("Time travel for one employee")
struct EmployeeTimelineTests {
    @Test func theStateComesWithTheRecordsBehindEachField() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let log = CareerLog(store: store)
        let careers = try WorkforceReportTests.history()
        for career in careers { try await log.record(career, by: .test) }
        let nip = try NIP("198001012005011001")
        let timeline = EmployeeTimeline(log: log)
        let then = try #require(try await timeline.state(of: nip, asOf: WorkforceReportTests.day("2010-01-01")))
        #expect(then.state.grade == .IIIb)
        #expect(then.fieldSources["grade"]?.id == careers[0][1].id)
        #expect(then.applied.map(\.id) == [careers[0][0].id, careers[0][1].id])
        let now = try #require(try await timeline.state(of: nip, asOf: WorkforceReportTests.day("2025-12-31")))
        #expect(now.state.grade == .IIIc)
        let before = try #require(try await timeline.state(of: nip, asOf: WorkforceReportTests.day("2025-12-31"), knownAt: 0))
        #expect(before.state.status == .notAppointed && before.applied.isEmpty)
        #expect(try await timeline.state(of: try NIP("199901012020011009"), asOf: WorkforceReportTests.day("2025-12-31")) == nil)
        await store.pool.close()
    }
}
