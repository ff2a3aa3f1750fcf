/// A civil-servant grade (golongan/ruang) I/a … IV/e, with its rank name (pangkat).
public enum Grade: Int, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case Ia = 11, Ib, Ic, Id
    case IIa = 21, IIb, IIc, IId
    case IIIa = 31, IIIb, IIIc, IIId
    case IVa = 41, IVb, IVc, IVd, IVe

    /// The SIASN id (11…14, 21…24, 31…34, 41…45).
    public var siasnID: Int { rawValue }

    /// `III/a` and the like.
    public var code: String {
        switch self {
        case .Ia: return "I/a"
        case .Ib: return "I/b"
        case .Ic: return "I/c"
        case .Id: return "I/d"
        case .IIa: return "II/a"
        case .IIb: return "II/b"
        case .IIc: return "II/c"
        case .IId: return "II/d"
        case .IIIa: return "III/a"
        case .IIIb: return "III/b"
        case .IIIc: return "III/c"
        case .IIId: return "III/d"
        case .IVa: return "IV/a"
        case .IVb: return "IV/b"
        case .IVc: return "IV/c"
        case .IVd: return "IV/d"
        case .IVe: return "IV/e"
        }
    }

    /// Every grade by its canonical code, for the common case of parsing `III/a` exactly.
    private static let byCode = Dictionary(allCases.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The rank name (pangkat).
    public var rankName: String {
        switch self {
        case .Ia: return "Juru Muda"
        case .Ib: return "Juru Muda Tk I"
        case .Ic: return "Juru"
        case .Id: return "Juru Tk I"
        case .IIa: return "Pengatur Muda"
        case .IIb: return "Pengatur Muda Tk I"
        case .IIc: return "Pengatur"
        case .IId: return "Pengatur Tk I"
        case .IIIa: return "Penata Muda"
        case .IIIb: return "Penata Muda Tk I"
        case .IIIc: return "Penata"
        case .IIId: return "Penata Tk I"
        case .IVa: return "Pembina"
        case .IVb: return "Pembina Tk I"
        case .IVc: return "Pembina Utama Muda"
        case .IVd: return "Pembina Utama Madya"
        case .IVe: return "Pembina Utama"
        }
    }

    /// The grade's place on the ladder, 0 (I/a) … 16 (IV/e).
    public var step: Int { Grade.allCases.firstIndex(of: self) ?? 0 }

    /// The next grade up, if any.
    public var next: Grade? {
        let all = Grade.allCases
        return step + 1 < all.count ? all[step + 1] : nil
    }

    /// Parses `III/a` (also `IIIa`, `III-a`); the error names the rule.
    public init(code text: String) throws {
        if let grade = Self.byCode[text] {
            self = grade
            return
        }
        let cleaned = text.replacingOccurrences(of: "-", with: "/").uppercased()
        let parts =
            cleaned.contains("/")
            ? cleaned.split(separator: "/").map(String.init)
            : [String(cleaned.dropLast()), String(cleaned.suffix(1))]
        if parts.count == 2, let group = ["I", "II", "III", "IV"].firstIndex(of: parts[0]),
            let room = ["A", "B", "C", "D", "E"].firstIndex(of: parts[1]),
            let grade = Grade(rawValue: (group + 1) * 10 + room + 1)
        {
            self = grade
            return
        }
        throw DomainError(field: "grade", rule: "grade \(text) does not exist (I/a … I/d, II/a … II/d, III/a … III/d, IV/a … IV/e)")
    }

    public var description: String { code }

    public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(code: try container.decode(String.self))
        } catch let error as DomainError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.rule)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
