/// The competency standard (standar kompetensi jabatan) of a post of the agency, declared or
/// revised: a later declaration for the same title replaces the earlier one.
public struct CompetencyStandardDeclared: CareerEventKind {
    public static let eventType = "CompetencyStandardDeclared"
    /// The post title it applies to, as posts are recorded.
    public var title: String
    public var levels: [CompetencyLevel]

    public init(title: String, levels: [CompetencyLevel]) {
        self.title = title
        self.levels = levels
    }
}

/// One allowed move of a career pattern: from a post family to another. A family is matched as
/// the start of a post title (`Guru` matches `Guru Ahli Muda`).
public struct CareerPath: Sendable, Hashable, Codable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// The agency's career pattern (pola karier): the moves allowed between post families. Moves
/// within one family are always allowed; a later declaration replaces the earlier one.
public struct CareerPatternDeclared: CareerEventKind {
    public static let eventType = "CareerPatternDeclared"
    public var paths: [CareerPath]

    public init(paths: [CareerPath]) { self.paths = paths }

    /// The family of `title`: the longest family named in the pattern that starts it.
    public func family(of title: String) -> String? {
        let lowered = title.lowercased()
        return Set(paths.flatMap { [$0.from, $0.to] }).filter { lowered.hasPrefix($0.lowercased()) }.max { $0.count < $1.count }
    }

    /// Whether a move from `from` to `to` follows the pattern: within one family, between
    /// families the pattern allows, or between posts it says nothing about.
    public func allows(from: String, to: String) -> Bool {
        guard let source = family(of: from), let target = family(of: to), source != target else { return true }
        return paths.contains { $0.from == source && $0.to == target }
    }
}
