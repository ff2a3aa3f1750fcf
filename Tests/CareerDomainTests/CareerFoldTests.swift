import CareerDomain
import Foundation
import Testing

@Suite("The bitemporal fold")
struct CareerFoldTests {
    func at(_ records: [CareerRecord], _ asOf: String, knownAt: String? = nil) -> EmployeeState {
        CareerFold.state(
            of: records, nip: Build.nip, asOf: Build.date(asOf), knownAt: knownAt.map { Int64(Build.date($0).dayNumber) * 86_400_000_000 })
    }

    /// Records with positions and recorded times, in the order given.
    func stored(_ records: [(CareerRecord, String)]) -> [CareerRecord] {
        records.enumerated().map { index, entry in
            var record = entry.0
            record.position = Int64(index + 1)
            record.recordedAt = Int64(Build.date(entry.1).dayNumber) * 86_400_000_000
            return record
        }
    }

    @Test func aBackdatedPromotionChangesThePastButNotWhatWasKnownThen() {
        let records = stored([
            (Build.appointed(), "2015-05-02"),
            (Build.promoted(.IIIa, .IIIb, "2019-04-01"), "2020-06-01"),  // recorded 14 months late
        ])
        #expect(at(records, "2019-05-01").grade == .IIIb)
        #expect(at(records, "2019-03-31").grade == .IIIa)
        #expect(at(records, "2019-05-01", knownAt: "2020-01-01").grade == .IIIa)
        #expect(at(records, "2019-05-01", knownAt: "2020-06-02").grade == .IIIb)
        #expect(at(records, "2019-05-01").gradeSince?.description == "2019-04-01")
    }

    @Test func aCorrectionReplacesItsTargetFromTheTimeItWasKnown() {
        let wrong = Build.promoted(.IIIa, .IIIc, "2019-04-01")
        let records = stored([
            (Build.appointed(), "2015-05-02"),
            (wrong, "2019-04-10"),
            (
                Build.record(
                    .corrected(
                        Corrected(
                            target: wrong.id, reason: "typo",
                            replacement: .gradePromoted(GradePromoted(from: .IIIa, to: .IIIb, kind: .regular)),
                            replacementEffectiveDate: Build.date("2019-10-01"))), "2019-11-01"), "2019-11-01"
            ),
        ])
        #expect(at(records, "2020-01-01").grade == .IIIb)
        #expect(at(records, "2019-06-01").grade == .IIIa)
        #expect(at(records, "2019-06-01", knownAt: "2019-05-01").grade == .IIIc)
        let explained = at(records, "2020-01-01")
        #expect(explained.sources["grade"] == wrong.id)
    }

    @Test func aRescissionRemovesItsTarget() {
        let training = Build.training(40, "2021-02-01", "2021-02-05")
        let records = stored([
            (Build.appointed(), "2015-05-02"), (training, "2021-02-10"),
            (Build.record(.rescinded(Rescinded(target: training.id, reason: "never attended")), "2021-03-01"), "2021-03-01"),
        ])
        #expect(at(records, "2021-12-31").trainingHours(in: 2021) == 0)
        #expect(at(records, "2021-12-31", knownAt: "2021-02-20").trainingHours(in: 2021) == 40)
    }

    @Test func statusServiceAndRetirement() {
        let records = stored([
            (Build.appointed(), "2015-05-02"),
            (Build.record(.pnsConfirmed(PnsConfirmed()), "2016-05-01"), "2016-05-02"),
            (Build.record(.leaveStarted(LeaveStarted(kind: .unpaid)), "2018-01-01"), "2018-01-02"),
            (Build.record(.leaveEnded(LeaveEnded(kind: .unpaid)), "2019-01-01"), "2019-01-02"),
        ])
        #expect(at(records, "2015-04-30").status == .notAppointed)
        #expect(at(records, "2015-06-01").status == .candidate)
        #expect(at(records, "2018-06-01").status == .onLeave(.unpaid))
        let now = at(records, "2025-05-01")
        #expect(now.status == .active)
        #expect(now.serviceYears == 9)  // ten calendar years less one year of CLTN
        #expect(now.retirementDate.description == "2046-10-01")  // Guru: BUP 60
    }

    @Test func theSameEventsInAnyBatchesGiveTheSameState() throws {
        // Property: for random careers, interleaving them with other streams (which changes
        // positions but not the order within a stream) never changes any state.
        var generator = SeededGenerator(seed: 42)
        for round in 0..<25 {
            let workforce = WorkforceGenerator(seed: UInt64(round), employees: 3).generate()
            let career = workforce.first { $0.records.count > 10 } ?? workforce[0]
            let baseline = career.records.enumerated().map { index, record -> CareerRecord in
                var copy = record
                copy.position = Int64(index + 1)
                return copy
            }
            var shuffled = baseline
            var position: Int64 = 0
            for index in shuffled.indices {
                position += Int64.random(in: 1...50, using: &generator)  // other streams' events in between
                shuffled[index].position = position
            }
            for probe in ["2000-01-01", "2010-06-30", "2020-12-31", "2045-01-01"] {
                let date = Build.date(probe)
                let expected = CareerFold.state(of: baseline, nip: career.nip, asOf: date)
                let actual = CareerFold.state(of: shuffled.shuffled(using: &generator), nip: career.nip, asOf: date)
                #expect(actual == expected, "round \(round) as of \(probe)")
            }
        }
    }
}
