import CareerDomain
import Foundation
import Testing

@Suite("Synthetic workforce: the merit system's events at realistic rates")
struct MeritGeneratorTests {
    static let today = Build.date("2026-12-01")

    @Test func theMeritEventsComeAtTheirRates() throws {
        let generator = WorkforceGenerator(seed: 21, employees: 3_000, today: Self.today)
        var careers = [GeneratedCareer](), agencies = [AgencyRecord]()
        generator.generate({ careers.append($0) }, agencies: { agencies = $0 })
        func share(_ count: Int) -> Double { Double(count) / Double(careers.count) }
        var withKGB = 0, kgbGaps = [Int](), assessed = 0, tied = 0, tiedToAppraiser = 0, named = 0, namedOutsidePool = 0
        var taggedTrainings = 0, trainingsSince2021 = 0, jptAppointments = [(NIP, CivilDate)]()
        var removed = 0, tiesCorrected = 0
        for career in careers {
            var lastKGB: CivilDate?, hasKGB = false, appraisers = Set<NIP>(), box: TalentBox?
            for record in career.records {
                switch record.event {
                case .salaryIncreaseGranted:
                    hasKGB = true
                    if let last = lastKGB { kgbGaps.append(record.effectiveDate.dayNumber - last.dayNumber) }
                    lastKGB = record.effectiveDate
                case .competencyAssessed(let event):
                    assessed += 1
                    #expect(event.levels.count == 10)
                case .familyTieDeclared(let event):
                    tied += 1
                    if appraisers.contains(event.relative) { tiedToAppraiser += 1 }
                case .performanceRated(let event): appraisers.insert(event.appraiser)
                case .talentAssessed(let event): box = event.box
                case .successorRemoved: removed += 1
                case .corrected(let correction) where correction.replacement.type == FamilyTieDeclared.eventType: tiesCorrected += 1
                case .successorNamed:
                    named += 1
                    if !(box?.inTalentPool ?? false) { namedOutsidePool += 1 }
                case .trainingCompleted(let event) where event.period.end.year >= 2021:
                    trainingsSince2021 += 1
                    if event.competencies != nil { taggedTrainings += 1 }
                case .postAssigned(let event) where event.assignment == .definitif && event.post.kind == .jptPratama:
                    jptAppointments.append((career.nip, record.effectiveDate))
                default: break
                }
            }
            if hasKGB { withKGB += 1 }
        }
        // KGB: everyone in service since 2020 gets them every two years, now and then one early.
        #expect(share(withKGB) > 0.8)
        let early = kgbGaps.filter { $0 < 700 }.count
        #expect(!kgbGaps.isEmpty && Double(early) / Double(kgbGaps.count) < 0.04 && early > 0)
        #expect(share(assessed) > 0.1 && share(assessed) < 0.5)
        #expect(share(tied) > 0.005 && share(tied) < 0.04)
        #expect(tiedToAppraiser > 0 && tiedToAppraiser < tied)
        #expect(named > 10 && namedOutsidePool > 0 && Double(namedOutsidePool) / Double(named) < 0.2)
        #expect(trainingsSince2021 > 0 && taggedTrainings == trainingsSince2021)
        #expect(removed > 0 && removed < named && tiesCorrected > 0 && tiesCorrected < tied, "\(removed) \(tiesCorrected)")

        // Selections: most JPT appointments follow one that names the appointee; a few do not.
        let closed = agencies.compactMap { record -> NIP? in
            if case .selectionClosed(let event) = record.event { return event.appointee }
            return nil
        }
        #expect(!jptAppointments.isEmpty)
        let selected = jptAppointments.filter { closed.contains($0.0) }.count
        #expect(Double(selected) / Double(jptAppointments.count) > 0.8)
        #expect(selected < jptAppointments.count || jptAppointments.count < 20)
        let standards = agencies.filter { if case .competencyStandardDeclared = $0.event { true } else { false } }
        #expect(standards.count == 8 * 14)
        // Every agency record passes the agency rules in recording order, and round-trips.
        var histories = [String: AgencyHistory]()
        for record in agencies {
            #expect(
                AgencyRules.check(record, history: histories[record.agency] ?? AgencyHistory(), today: Self.today) == nil,
                "\(record.event.type)")
            histories[record.agency, default: AgencyHistory()].add(record)
            guard case .agency(let read) = try SubmissionReader.anyImportLine(Array(try record.jsonLine())) else {
                Issue.record("an agency line read as an employee's")
                continue
            }
            #expect(read.record == record)
        }
    }
}
