/// One part of a 2022-style rating (PermenPANRB 6/2022): above, meets or below expectation.
public enum ExpectationLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case above, meets, below
}

/// The final rating (predikat kinerja).
public enum Predikat: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case sangatBaik = "Sangat Baik", baik = "Baik", butuhPerbaikan = "Butuh Perbaikan", kurang = "Kurang", sangatKurang = "Sangat Kurang"

    /// The predikat that work results and work behaviour give.
    public static func from(results: ExpectationLevel, behaviour: ExpectationLevel) -> Predikat {
        switch (results, behaviour) {
        case (.above, .above): return .sangatBaik
        case (.above, .meets), (.meets, .above), (.meets, .meets): return .baik
        case (.below, .above), (.below, .meets): return .butuhPerbaikan
        case (.above, .below), (.meets, .below): return .kurang
        case (.below, .below): return .sangatKurang
        }
    }

    /// The predikat an older numeric SKP score (0–100) stands for.
    public static func from(legacyScore score: Double) -> Predikat {
        switch score {
        case 91...: return .sangatBaik
        case 76..<91: return .baik
        case 61..<76: return .butuhPerbaikan
        case 51..<61: return .kurang
        default: return .sangatKurang
        }
    }

    var order: Int { Predikat.allCases.firstIndex(of: self) ?? 0 }

    /// `Sangat Baik` is the greatest.
    public static func < (lhs: Predikat, rhs: Predikat) -> Bool { lhs.order > rhs.order }

    /// Baik or Sangat Baik.
    public var isAtLeastBaik: Bool { self >= .baik }
}

/// Potential from a competency or talent assessment.
public enum Potential: String, Sendable, Hashable, CaseIterable, Codable {
    case low, middle, high
}

/// The merit-system 9-box talent grid (PermenPANRB 3/2020): performance × potential.
public struct TalentBox: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1 … 9.
    public let number: Int

    public init(performance: ExpectationLevel, potential: Potential) {
        switch (performance, potential) {
        case (.below, .low): number = 1
        case (.meets, .low): number = 2
        case (.below, .middle): number = 3
        case (.above, .low): number = 4
        case (.meets, .middle): number = 5
        case (.below, .high): number = 6
        case (.above, .middle): number = 7
        case (.meets, .high): number = 8
        case (.above, .high): number = 9
        }
    }

    /// Boxes 7–9 form the talent pool for promotion.
    public var inTalentPool: Bool { number >= 7 }

    public var description: String { "box \(number)" }
}
