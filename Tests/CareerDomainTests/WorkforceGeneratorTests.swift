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
        try WorkforceGenerator(seed: 11, employees: 300).generate { career in
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
        let careers = WorkforceGenerator(seed: 11, employees: 3_000).generate()
        let women = Double(careers.filter { $0.nip.sex == .female }.count) / Double(careers.count)
        #expect(abs(women - 0.54) < 0.04)
        var educations = [EducationLevel: Int]()
        var events = 0
        var corrections = 0, rescissions = 0, retirements = 0, findings = 0
        var byRule = [String: Int]()
        for career in careers {
            events += career.records.count
            if case .cpnsAppointed(let appointment)? = career.records.first?.event { educations[appointment.education, default: 0] += 1 }
            for record in career.records {
                switch record.event {
                case .corrected: corrections += 1
                case .rescinded: rescissions += 1
                case .separated(let separation) where separation.reason == .retirement: retirements += 1
                default: break
                }
            }
            for finding in PolicyRules.findings(for: career.records, nip: career.nip) {
                findings += 1
                byRule[finding.ruleID, default: 0] += 1
            }
        }
        let s1 = Double(educations[.s1] ?? 0) / Double(careers.count)
        #expect(abs(s1 - 0.56) < 0.05)
        let perCareer = Double(events) / Double(careers.count)
        #expect((20...70).contains(perCareer))
        #expect(corrections > 0 && rescissions > 0 && retirements > 0)
        // A small, known rate of policy violations: present, but far from every career.
        #expect(findings > 0 && findings < careers.count / 2, "\(byRule)")
    }
}
