/// A competency of the national standard (standar kompetensi jabatan): the eight managerial
/// ones, the sociocultural one (perekat bangsa), or a named technical one written `teknis:<name>`.
public enum Competency {
    /// The managerial and sociocultural competencies by their stored code, with their
    /// Indonesian names.
    public static let standard: [(code: String, name: String)] = [
        ("integritas", "Integritas"), ("kerja-sama", "Kerja sama"), ("komunikasi", "Komunikasi"),
        ("orientasi-hasil", "Orientasi pada hasil"), ("pelayanan-publik", "Pelayanan publik"),
        ("pengembangan-diri", "Pengembangan diri dan orang lain"), ("mengelola-perubahan", "Mengelola perubahan"),
        ("pengambilan-keputusan", "Pengambilan keputusan"), ("perekat-bangsa", "Perekat bangsa"),
    ]
    /// The prefix of a technical competency's code.
    public static let technicalPrefix = "teknis:"

    /// Why `code` is not a competency code, or `nil` when it is one.
    public static func problem(with code: String) -> String? {
        if standard.contains(where: { $0.code == code }) { return nil }
        if code.hasPrefix(technicalPrefix), code.count <= 80,
            FieldLimits.problem(with: String(code.dropFirst(technicalPrefix.count)), key: "competency") == nil
        {
            return nil
        }
        return "\"\(code)\" is not a competency: one of \(standard.map(\.code).joined(separator: ", ")), or teknis:<name>"
    }

    /// The name to show for `code`.
    public static func name(of code: String) -> String {
        if let known = standard.first(where: { $0.code == code }) { return known.name }
        return code.hasPrefix(technicalPrefix) ? "Teknis: " + code.dropFirst(technicalPrefix.count) : code
    }
}

/// A competency and its level (1–5), required by a post or assessed in a person.
public struct CompetencyLevel: Sendable, Hashable, Codable {
    public var competency: String
    public var level: Int

    public init(competency: String, level: Int) {
        self.competency = competency
        self.level = level
    }

    /// The first problem with `levels` (a code that is not a competency, a level outside 1–5,
    /// a competency given twice, none at all) as a field under `field` and its rule.
    public static func problem(with levels: [CompetencyLevel], field: String) -> DomainError? {
        guard !levels.isEmpty, levels.count <= 60 else {
            return DomainError(field: field, rule: "must list 1 to 60 competencies")
        }
        var seen = Set<String>()
        for (index, item) in levels.enumerated() {
            if let problem = Competency.problem(with: item.competency) {
                return DomainError(field: "\(field)[\(index)].competency", rule: problem)
            }
            guard (1...5).contains(item.level) else {
                return DomainError(field: "\(field)[\(index)].level", rule: "a competency level lies between 1 and 5, got \(item.level)")
            }
            guard seen.insert(item.competency).inserted else {
                return DomainError(field: "\(field)[\(index)].competency", rule: "\(item.competency) is listed twice")
            }
        }
        return nil
    }
}
