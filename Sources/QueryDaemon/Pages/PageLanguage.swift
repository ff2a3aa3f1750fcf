import Hummingbird

/// The language a page speaks: Indonesian unless the reader asks for English, by the switch on
/// every page (`?lang=en`, remembered in a cookie) or by `Accept-Language`.
enum PageLanguage: String, Sendable, CaseIterable {
    case indonesian = "id"
    case english = "en"

    static let cookieName = "riwayat_lang"

    /// `?lang=` first, then the cookie the switch set, then the first of `Accept-Language`
    /// that is Indonesian or English; Indonesian when none says.
    static func of(_ request: Request) -> PageLanguage {
        if let asked = request.uri.queryParameters.get("lang").flatMap(PageLanguage.init(rawValue:)) { return asked }
        if let kept = request.cookies[cookieName].flatMap({ PageLanguage(rawValue: $0.value) }) { return kept }
        return fromAcceptLanguage(request.headers[.acceptLanguage] ?? "")
    }

    /// The highest-weighted of `id`/`in` (Indonesian) and `en`, as RFC 9110 weighs them.
    static func fromAcceptLanguage(_ header: String) -> PageLanguage {
        var best: (language: PageLanguage, weight: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = parts.first, !tag.isEmpty else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            let language: PageLanguage
            switch primary {
            case "id", "in": language = .indonesian
            case "en": language = .english
            default: continue
            }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            if weight > 0, weight > (best?.weight ?? 0) { best = (language, weight) }
        }
        return best?.language ?? .indonesian
    }

    /// The labels of this language.
    var labels: [String: String] { self == .english ? PageLabels.english : PageLabels.indonesian }

    /// The labels as templates read them (`{{t.nav.lookup}}`).
    var nestedLabels: [String: [String: String]] { self == .english ? PageLabels.englishNested : PageLabels.indonesianNested }

    /// One label (the key itself if a label is missing, which the page tests refuse).
    func callAsFunction(_ key: String) -> String { labels[key] ?? key }
}
