import Foundation

/// Generates realistic synthetic careers, deterministically: the same seed and size give the
/// same careers (and the same JSON Lines, byte for byte).
///
/// The population follows DOMAIN.md's national shape (54% women; ages 51–60 34%, 41–50 33%,
/// 31–40 24%; education 56% S1, 12% S2, 14% SMA, 11% D-III, 1% S3; service 0–10 years 32%,
/// 11–20 52%, 21–30 15%; education as it is today, some of it reached by a degree in service),
/// hired at 35 or younger as a rule (40 for some posts, up to 46 for converted honorary staff),
/// rated each year by a colleague in service (one of the generated employees, of the same agency
/// where possible): promotions of every kind, mostly every four or more years on 1 April or
/// 1 October; yearly ratings, training in JP, mentoring, rotations, acting posts, JPT posts,
/// transfers between agencies, discipline, unpaid leave; some late records and backdated
/// decrees, corrections and rescissions (about 1%), a small known rate of policy violations;
/// retirements at BUP, deaths, resignations and dismissals, with nothing after a separation.
public struct WorkforceGenerator: Sendable {
    public var seed: UInt64
    /// Exactly this many careers.
    public var employees: Int
    /// The generator's "today": careers are generated up to here (default: the run's date).
    public var today: CivilDate

    public init(seed: UInt64, employees: Int, today: CivilDate = .today()) {
        self.seed = seed
        self.employees = employees
        self.today = today
    }

    /// All careers in memory (for tests and small sizes).
    public func generate() -> [GeneratedCareer] {
        var careers = [GeneratedCareer]()
        generate { careers.append($0) }
        return careers
    }

    /// Streams the careers one by one, then the agencies' records (open selections before the
    /// careers' JPT appointments, competency standards, career patterns) in recording order.
    public func generate(_ body: (GeneratedCareer) throws -> Void, agencies: ([AgencyRecord]) throws -> Void) rethrows {
        var appointments = [AgencySimulation.Appointment]()
        var colleagues = [Colleague]()
        try generate { career in
            for record in career.records {
                guard case .postAssigned(let assigned) = record.event, assigned.assignment == .definitif,
                    [.jptUtama, .jptMadya, .jptPratama].contains(assigned.post.kind)
                else { continue }
                appointments.append(.init(nip: career.nip, post: assigned.post, day: record.effectiveDate))
            }
            if colleagues.count < 5000, let colleague = Colleague(career) { colleagues.append(colleague) }
            try body(career)
        }
        var simulation = AgencySimulation(random: SeededGenerator(seed: seed ^ 0xA6E4_C1E5), today: today)
        try agencies(simulation.records(appointments: appointments, colleagues: colleagues))
    }

    /// The agencies' records of the workforce (for tests and small sizes).
    public func generateAgencies() -> [AgencyRecord] {
        var records = [AgencyRecord]()
        generate({ _ in }, agencies: { records = $0 })
        return records
    }

    /// Streams the careers one by one.
    public func generate(_ body: (GeneratedCareer) throws -> Void) rethrows {
        var random = SeededGenerator(seed: seed)
        var used = Set<String>()
        var seniors = [Colleague]()
        var made = 0
        var attempts = 0
        // A draw that cannot make a career (a NIP's sequence used up, say) is drawn again.
        while made < employees, attempts < employees * 20 + 100 {
            attempts += 1
            let seed = random.next()
            var simulation = CareerSimulation(
                random: SeededGenerator(seed: seed), merit: SeededGenerator(seed: seed ^ 0x5EED_4D45_5249_5400), today: today, index: made,
                seniors: seniors)
            guard let career = simulation.run(usedNIPs: &used) else { continue }
            if seniors.count < 500, career.records.count > 20, let colleague = Colleague(career) { seniors.append(colleague) }
            made += 1
            try body(career)
        }
    }
}
