/// The pages' words in Indonesian (the default) and English. Keys are `group.name`; templates
/// read them nested (`{{t.nav.lookup}}`), code flat (`language("nav.lookup")`). Domain terms
/// stay as users know them in both (NIP, golongan, TMT, SK, SKP, BUP, JP).
enum PageLabels {
    /// Labels as the templates read them: `["nav": ["lookup": …]]`.
    static func nested(_ labels: [String: String]) -> [String: [String: String]] {
        var groups = [String: [String: String]]()
        for (key, value) in labels {
            guard let dot = key.firstIndex(of: ".") else { continue }
            groups[String(key[..<dot]), default: [:]][String(key[key.index(after: dot)...])] = value
        }
        return groups
    }

    static let indonesian = indonesianBase.merging(indonesianMerit) { first, _ in first }
    static let english = englishBase.merging(englishMerit) { first, _ in first }
    static let indonesianNested = nested(indonesian)
    static let englishNested = nested(english)
}
