/// Highest completed education, which caps regular promotion.
public enum EducationLevel: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case sd = "SD", smp = "SMP", sma = "SMA", d1 = "D-I", d2 = "D-II", d3 = "D-III", s1 = "S1", d4 = "D-IV", s2 = "S2", s3 = "S3"

    /// The highest grade regular promotion may reach with this education.
    public var promotionCeiling: Grade {
        switch self {
        case .sd: return .IIa
        case .smp: return .IIc
        case .sma, .d1, .d2: return .IIIb
        case .d3: return .IIIc
        case .s1, .d4: return .IIId
        case .s2: return .IVa
        case .s3: return .IVb
        }
    }

    var rank: Int {
        switch self {
        case .sd: return 0
        case .smp: return 1
        case .sma: return 2
        case .d1: return 3
        case .d2: return 4
        case .d3: return 5
        case .s1, .d4: return 6
        case .s2: return 7
        case .s3: return 8
        }
    }

    public static func < (lhs: EducationLevel, rhs: EducationLevel) -> Bool { lhs.rank < rhs.rank }
}
