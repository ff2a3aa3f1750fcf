import CareerDomain
import Foundation
import Projections
import Testing

/// `EmployeeRows` folds each history once; what it derives must match the domain's own answers
/// (the state as of a day, the policy findings), whatever day "today" is.
@Suite("Employee rows")
struct EmployeeRowsTests {
    @Test(arguments: ["2004-06-30", "2015-01-01", "2021-12-31", "2030-01-01"])
    func oneFoldGivesTheDomainsStateAndFindings(todayText: String) throws {
        let today = try #require(CivilDate(todayText))
        var employeesWithFindings = 0, employeesAppointedAfterToday = 0
        for career in WorkforceGenerator(seed: 23, employees: 150).generate() {
            var records = career.records
            for index in records.indices {
                records[index].position = Int64(index + 1)
                records[index].recordedAt = Int64(index + 1)
            }
            let rows = EmployeeRows(nip: career.nip, records: records, today: today)
            let state = CareerFold.state(of: records, nip: career.nip, asOf: today)
            let current = try #require(rows.current)
            #expect(current.status == state.status.description)
            #expect(current.grade == state.grade?.code)
            #expect(current.gradeSince == state.gradeSince)
            #expect(current.unit == state.org?.unit)
            #expect(current.postTitle == state.definitivePost?.title)
            #expect(current.serviceYears == state.serviceYears)
            #expect(current.lastPredikat == state.lastRatings(1).first?.rawValue)
            #expect(current.talentBox == state.talentBox?.number)
            #expect(current.trainingHoursThisYear == state.trainingHours(in: today.year))
            #expect(current.retirementDate == state.retirementDate)
            #expect(rows.trainingYears == state.trainingHours)
            #expect(rows.ratingYears == state.ratings.mapValues(\.rawValue))

            // The findings about each event, then those about where the employee stands today (P-BUP).
            let expected = PolicyRules.findings(for: records, nip: career.nip) + PolicyRules.standing(state, today: today)
            let open = rows.findings.filter { $0.state == "open" }
            #expect(open.map(\.ruleID) == expected.map(\.ruleID))
            #expect(open.map(\.eventIDs) == expected.map(\.eventIDs))
            #expect(open.map(\.unit) == expected.map { $0.org?.unit })
            #expect(open.map(\.effectiveDate) == expected.map(\.effectiveDate))
            #expect(current.openFindings == expected.count)
            if !expected.isEmpty { employeesWithFindings += 1 }
            if state.status == .notAppointed { employeesAppointedAfterToday += 1 }
        }
        // The sample exercises both: findings, and (for early days) careers that start later.
        #expect(employeesWithFindings > 0)
        if today.year < 2010 { #expect(employeesAppointedAfterToday > 0) }
    }
}
