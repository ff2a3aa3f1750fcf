/// Why a promotion happened (kenaikan pangkat reguler or one of the special kinds).
public enum PromotionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case regular
    /// Functional post: 2 years in grade plus credit points.
    case functional
    /// Pilihan: holding a structural post.
    case structural
    /// Pilihan: a new diploma (penyesuaian ijazah).
    case diplomaAdjustment
    /// Pilihan: outstanding achievement (prestasi luar biasa).
    case outstanding
    /// Other special kinds.
    case other

    /// Special kinds may skip the regular rules.
    public var isRegular: Bool { self == .regular }
}
