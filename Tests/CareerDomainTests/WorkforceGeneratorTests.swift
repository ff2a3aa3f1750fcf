import CareerDomain
import Foundation
import Testing

@Suite("Synthetic workforce")
struct WorkforceGeneratorTests {
    func lines(seed: UInt64, employees: Int) throws -> Data {
        var output = Data()
        try WorkforceGenerator(seed: seed, employees: employees).generate { career in
            for record in career.records {
                output.append(try record.jsonLine())
                output.append(0x0A)
            }
        }
        return output
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        let first = try lines(seed: 7, employees: 200)
        #expect(first == (try lines(seed: 7, employees: 200)))
        #expect(first != (try lines(seed: 8, employees: 200)))
        #expect(first.count > 100_000)
    }

    /// Generated ids are UUIDv7 that sort by career in file order, so an import appends them at
    /// the right edge of the event-id index; they stay distinct.
    @Test func generatedIdsAreVersion7AndSortByCareer() throws {
        func bytes(_ id: UUID) -> [UInt8] { withUnsafeBytes(of: id.uuid) { Array($0) } }
        var firsts = [[UInt8]](), all = Set<UUID>(), count = 0
        WorkforceGenerator(seed: 11, employees: 300).generate { career in
            for record in career.records {
                #expect(bytes(record.id)[6] >> 4 == 7 && bytes(record.id)[8] >> 6 == 0b10)
                all.insert(record.id)
                count += 1
            }
            if let first = career.records.map({ bytes($0.id) }).min(by: { $0.lexicographicallyPrecedes($1) }) { firsts.append(first) }
        }
        #expect(zip(firsts, firsts.dropFirst()).allSatisfy { $0.0.lexicographicallyPrecedes($0.1) })
        #expect(all.count == count)
    }

    @Test func everyGeneratedRecordPassesTheStructuralRulesAndRoundTrips() throws {
        var checked = 0
        try WorkforceGenerator(seed: 3, employees: 300).generate { career in
            var history = StreamHistory()
            for record in career.records {
                #expect(StructuralRules.check(record, history: history) == nil, "\(record.event.type) of \(career.nip)")
                let decoded = try CareerRecord(jsonLine: record.jsonLine())
                #expect(decoded == record)
                history.add(record)
                checked += 1
            }
        }
        #expect(checked > 5_000)
    }

    @Test func thePopulationHasTheNationalShape() {
        let today = Build.date("2026-12-01")
        let careers = WorkforceGenerator(seed: 11, employees: 3_000, today: today).generate()
        #expect(careers.count == 3_000)
        func share(_ count: Int) -> Double { Double(count) / Double(careers.count) }
        #expect(abs(share(careers.filter { $0.nip.sex == .female }.count) - 0.54) < 0.03)
        var ages = [Int: Int](), service = [Int: Int](), educations = [EducationLevel: Int]()
        var events = 0, amendments = 0, postKinds = Set<PostKind>(), acting = 0, agencyMoves = 0, promotionKinds = Set<PromotionKind>()
        var disciplines = 0, unpaidLeave = 0, backdated = 0, afterSeparation = 0, retirements = 0
        var hiredOver35 = 0, hiredOver40 = 0, ratings = 0, ratedByAnEmployee = 0, degrees = 0
        // When each employee served and where they were appointed: raters must be serving.
        var served = [NIP: (hired: CivilDate, left: CivilDate?, agency: String)]()
        for career in careers {
            guard let first = career.records.first, case .cpnsAppointed(let appointment) = first.event else { continue }
            let left = career.records.last { if case .separated = $0.event { true } else { false } }?.effectiveDate
            served[career.nip] = (first.effectiveDate, left, appointment.post.org.agency)
        }
        var ratedInService = 0, ratedInAgency = 0
        for career in careers {
            events += career.records.count
            guard case .cpnsAppointed(let appointment)? = career.records.first?.event, let hired = career.records.first?.effectiveDate
            else {
                Issue.record("\(career.nip) does not start with its appointment")
                continue
            }
            // Today's education: the last degree completed, else the one hired with.
            var education = appointment.education
            let hiringAge = career.nip.birthDate.wholeYears(until: hired)
            if hiringAge > 35 { hiredOver35 += 1 }
            if hiringAge > 40 { hiredOver40 += 1 }
            if CareerFold.state(of: career.records, nip: career.nip, asOf: today).status.inService {
                let age = career.nip.birthDate.wholeYears(until: today)
                ages[age <= 30 ? 0 : age <= 40 ? 1 : age <= 50 ? 2 : 3, default: 0] += 1
                let years = hired.wholeYears(until: today)
                service[years <= 10 ? 0 : years <= 20 ? 1 : years <= 30 ? 2 : 3, default: 0] += 1
            }
            var separated: CivilDate?
            for record in career.records {
                switch record.event {
                case .corrected, .rescinded: amendments += 1
                case .postAssigned(let assignment):
                    postKinds.insert(assignment.post.kind)
                    if assignment.assignment != .definitif { acting += 1 }
                case .transferred(let transfer) where transfer.from.agency != transfer.to.agency: agencyMoves += 1
                case .gradePromoted(let promotion): promotionKinds.insert(promotion.kind)
                case .educationCompleted(let degree):
                    education = degree.level
                    degrees += 1
                case .performanceRated(let rating):
                    ratings += 1
                    if let rater = served[rating.appraiser] {
                        ratedByAnEmployee += 1
                        if rater.hired.adding(years: 2) <= record.effectiveDate && (rater.left.map { record.effectiveDate < $0 } ?? true) {
                            ratedInService += 1
                        }
                        if rater.agency == appointment.post.org.agency { ratedInAgency += 1 }
                    }
                case .disciplineImposed: disciplines += 1
                case .leaveStarted(let leave) where leave.kind == .unpaid: unpaidLeave += 1
                case .separated(let separation):
                    separated = record.effectiveDate
                    if separation.reason == .retirement { retirements += 1 }
                default: break
                }
                if let decree = record.decree, decree.date.dayNumber - record.effectiveDate.dayNumber > 90 { backdated += 1 }
            }
            educations[education, default: 0] += 1
            if let separated {
                afterSeparation +=
                    career.records.filter {
                        if case .corrected = $0.event { return false }
                        return $0.effectiveDate > separated
                    }.count
            }
        }
        // DOMAIN.md, "Scale, for planning": ages and service years of those in service, education.
        let inService = ages.values.reduce(0, +)
        func serving(_ count: Int) -> Double { Double(count) / Double(max(1, inService)) }
        #expect(inService > 2_500 && inService < 2_900, "\(inService) in service")
        for (band, expected) in [(0, 0.09), (1, 0.24), (2, 0.33), (3, 0.34)] {
            #expect(abs(serving(ages[band] ?? 0) - expected) < 0.04, "age band \(band): \(serving(ages[band] ?? 0))")
        }
        for (level, expected) in [(EducationLevel.s1, 0.56), (.s2, 0.12), (.sma, 0.14), (.d3, 0.11), (.s3, 0.01)] {
            #expect(abs(share(educations[level] ?? 0) - expected) < 0.03, "\(level): \(share(educations[level] ?? 0))")
        }
        for (band, expected) in [(0, 0.32), (1, 0.52), (2, 0.15)] {
            #expect(abs(serving(service[band] ?? 0) - expected) < 0.04, "service band \(band): \(serving(service[band] ?? 0))")
        }
        // Hired at 35 or younger as a rule, rarely after 40; degrees completed in service; rated
        // by colleagues who are themselves in the workforce.
        #expect(share(hiredOver35) < 0.2 && share(hiredOver40) < 0.05, "over 35: \(share(hiredOver35)), over 40: \(share(hiredOver40))")
        #expect(share(degrees) > 0.05, "\(degrees) degrees")
        #expect(ratings > 0 && ratedByAnEmployee == ratings && ratedInService == ratings, "\(ratedInService) of \(ratings)")
        #expect(Double(ratedInAgency) / Double(ratings) > 0.8, "\(ratedInAgency) of \(ratings) in the agency")
        // Careers of 20 to 70 events; corrections and rescissions about one in a hundred.
        #expect((20...70).contains(events / careers.count), "\(events / careers.count) events per career")
        let amended = Double(amendments) / Double(events)
        #expect(amended > 0.004 && amended < 0.02, "\(amended)")
        // Every post kind the catalogue knows of but the highest JPT, acting posts, moves between
        // agencies, every promotion kind, discipline, unpaid leave, backdated decrees, retirements.
        #expect(postKinds.isSuperset(of: [.jptPratama, .administrator, .pengawas, .functional]), "\(postKinds)")
        #expect(acting > 0 && agencyMoves > 0 && disciplines > 0 && unpaidLeave > 0 && backdated > 0 && retirements > 0)
        #expect(promotionKinds == Set(PromotionKind.allCases), "\(promotionKinds)")
        #expect(afterSeparation == 0)
    }
}
