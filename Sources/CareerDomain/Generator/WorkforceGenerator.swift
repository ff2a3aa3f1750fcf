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
            var simulation = CareerSimulation(random: SeededGenerator(seed: random.next()), today: today, index: made, seniors: seniors)
            guard let career = simulation.run(usedNIPs: &used) else { continue }
            if seniors.count < 500, career.records.count > 20, let colleague = Colleague(career) { seniors.append(colleague) }
            made += 1
            try body(career)
        }
    }
}
