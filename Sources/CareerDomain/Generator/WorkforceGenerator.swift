import Foundation

/// One generated career: the employee's NIP and records in the order they would be recorded.
public struct GeneratedCareer: Sendable {
    public var nip: NIP
    public var records: [CareerRecord]
}

/// Generates realistic synthetic careers, deterministically: the same seed and size give the
/// same careers (and the same JSON Lines, byte for byte).
///
/// The population follows DOMAIN.md's national shape (54% women; ages 51–60 34%, 41–50 33%,
/// 31–40 24%; education 56% S1, 12% S2, 14% SMA, 11% D-III, 1% S3), hires spread over 35 years,
/// promotions mostly every four or more years on 1 April or 1 October, yearly ratings, training
/// in JP, mentoring, rotations, some backdated decrees, corrections and rescissions, a small
/// known rate of policy violations, retirements at BUP, deaths and resignations.
public struct WorkforceGenerator: Sendable {
    public var seed: UInt64
    public var employees: Int
    /// The generator's "today": careers are generated up to here.
    public var today = CivilDate(uncheckedYear: 2026, month: 1, day: 1)

    public init(seed: UInt64, employees: Int) {
        self.seed = seed
        self.employees = employees
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
        var mentors = [NIP]()
        for index in 0..<employees {
            var simulation = CareerSimulation(random: SeededGenerator(seed: random.next()), today: today, index: index, mentors: mentors)
            guard let career = simulation.run(usedNIPs: &used) else { continue }
            if mentors.count < 500, career.records.count > 20 { mentors.append(career.nip) }
            try body(career)
        }
    }
}
