/// The kind of post (jabatan).
public enum PostKind: String, Sendable, Hashable, CaseIterable, Codable {
    case jptUtama = "JPT Utama", jptMadya = "JPT Madya", jptPratama = "JPT Pratama"
    case administrator = "Administrator", pengawas = "Pengawas"
    case functional = "Fungsional", pelaksana = "Pelaksana"

    public var isManagerial: Bool { self != .functional && self != .pelaksana }

    /// The lowest grade a definitive holder should have (a policy check, not a refusal).
    public var minimumGrade: Grade? {
        switch self {
        case .jptUtama, .jptMadya: return .IVd
        case .jptPratama: return .IVc
        case .administrator: return .IIId
        case .pengawas: return .IIIb
        case .functional, .pelaksana: return nil
        }
    }
}

/// Functional-post level (jenjang jabatan fungsional).
public enum FunctionalLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case pemula = "Pemula", terampil = "Terampil", mahir = "Mahir", penyelia = "Penyelia"
    case ahliPertama = "Ahli Pertama", ahliMuda = "Ahli Muda", ahliMadya = "Ahli Madya", ahliUtama = "Ahli Utama"
}

/// How a post is held.
public enum AssignmentKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Definitive: at most one at a time.
    case definitif = "Definitif"
    /// Acting (pelaksana tugas).
    case plt = "PLT"
    /// Daily acting (pelaksana harian).
    case plh = "PLH"
    /// Penjabat.
    case pj = "PJ"
}

/// An organisational unit (unor) inside an agency (instansi).
public struct OrgUnit: Sendable, Hashable, Codable, CustomStringConvertible {
    public var unit: String
    public var agency: String

    public init(unit: String, agency: String) {
        self.unit = unit
        self.agency = agency
    }

    public var description: String { "\(unit), \(agency)" }
}

/// A post: title, kind, level or echelon, where it sits, and its own retirement age if it has one.
public struct Post: Sendable, Hashable, Codable {
    public var title: String
    public var kind: PostKind
    public var level: FunctionalLevel?
    /// Echelon code such as `II.a`, `III.b`, `IV.a` for managerial posts.
    public var echelon: String?
    public var org: OrgUnit
    /// A retirement age (BUP) set by this post, overriding the rule by kind and level.
    public var retirementAge: Int?

    public init(
        title: String, kind: PostKind, level: FunctionalLevel? = nil, echelon: String? = nil, org: OrgUnit, retirementAge: Int? = nil
    ) {
        self.title = title
        self.kind = kind
        self.level = level
        self.echelon = echelon
        self.org = org
        self.retirementAge = retirementAge
    }

    /// The retirement age (BUP) this post gives: its own, else the rule by kind and level.
    public var bup: Int {
        if let retirementAge { return retirementAge }
        switch kind {
        case .jptUtama, .jptMadya, .jptPratama: return 60
        case .administrator, .pengawas, .pelaksana: return 58
        case .functional:
            if title.lowercased().hasPrefix("guru") { return 60 }
            switch level {
            case .ahliUtama?: return 65
            case .ahliMadya?: return 60
            default: return 58
            }
        }
    }
}
