import CareerDomain
import Projections

/// The analyst dashboard's charts: which report each draws and how. Each panel shows the chart,
/// the numbers it draws as a table, the date and log position they reflect, and links to the
/// whole report as CSV.
enum DashboardChart: String, CaseIterable, Sendable {
    case pyramid, grades, postKinds = "post-kinds", history, flows, retirement, training, talent, velocity

    /// The report behind the chart, for the agency/unit scope on `asOf`.
    func table(_ reports: WorkforceReports, asOf: CivilDate, scope: ReportScope) async throws -> ReportTable {
        switch self {
        case .pyramid: return try await reports.headcount(asOf: asOf, by: [.ageBand, .sex], scope: scope)
        case .grades: return try await reports.headcount(asOf: asOf, by: [.grade], scope: scope)
        case .postKinds: return try await reports.headcount(asOf: asOf, by: [.postKind], scope: scope)
        case .history: return try await reports.headcountHistory(asOf: asOf, years: 10, scope: scope)
        case .flows: return try await reports.flows(fromYear: asOf.year - 9, toYear: asOf.year, scope: scope)
        case .retirement: return try await reports.retirementForecast(fromYear: asOf.year, years: 10, scope: scope)
        case .training: return try await reports.trainingCoverage(year: asOf.year - 1, scope: scope)
        case .talent: return try await reports.talentBoxes(scope: scope)
        case .velocity: return try await reports.promotionVelocity(scope: scope, perUnit: false)
        }
    }

    /// What the panel draws: the SVG and the same numbers as a table (header, rows).
    func panel(_ table: ReportTable, language: PageLanguage) -> (svg: String, header: [String], rows: [[String]], note: String?) {
        let title = language("chart.\(rawValue)"), desc = language("chartDesc.\(rawValue)")
        let id = "chart-\(rawValue)"
        let view = TableView(table)
        switch self {
        case .pyramid:
            let bands = ["<=30", "31-40", "41-50", "51+"]
            let men = bands.map { view.sum("headcount", where: ["age_band": $0, "sex": "M"]) }
            let women = bands.map { view.sum("headcount", where: ["age_band": $0, "sex": "F"]) }
            let svg = SVGChart.pyramid(
                id: id, title: title, desc: desc, bands: bands, left: men, right: women, leftLabel: language("sex.M"),
                rightLabel: language("sex.F"))
            let rows = bands.indices.map { [bands[$0], SVGChart.number(men[$0]), SVGChart.number(women[$0])] }
            return (svg, [language("col.ageBand"), language("sex.M"), language("sex.F")], rows, nil)
        case .grades, .postKinds:
            let key = self == .grades ? "grade" : "post_kind"
            let items = view.groups(key).map { label in
                SVGChart.Item(
                    label: label, value: view.sum("headcount", where: [key: label]))
            }
            return bars(
                items, id: id, title: title, desc: desc, header: [language(self == .grades ? "col.grade" : "col.postKind")], language)
        case .history:
            let items = view.groups("day").map {
                SVGChart.Item(label: String($0.prefix(4)), value: view.sum("headcount", where: ["day": $0]))
            }
            let svg = SVGChart.line(id: id, title: title, desc: desc, items: items)
            let rows = view.groups("day").map { [$0, SVGChart.number(view.sum("headcount", where: ["day": $0]))] }
            return (svg, [language("col.date"), language("col.headcount")], rows, nil)
        case .flows:
            let kinds = ["hire", "promotion", "transfer-in", "transfer-out"].map { (language("flow.\($0)"), ["flow": $0]) }
            let separations = ["retirement", "ownRequest", "death", "dismissal"].map {
                (language("separation.\($0)"), ["flow": "separation", "reason": $0])
            }
            return grouped(view, category: "year", series: kinds + separations, value: "count", id: id, title: title, desc: desc, language)
        case .retirement:
            let kinds = view.groups("post_kind").sorted().map { ($0, ["post_kind": $0]) }
            return grouped(view, category: "year", series: kinds, value: "retirements", id: id, title: title, desc: desc, language)
        case .training:
            // The units furthest from the 20-JP target first, so the gaps show.
            let units = view.rows.sorted { ($0.number("percent"), $0.text("unit")) < ($1.number("percent"), $1.text("unit")) }
            let shown = units.prefix(40)
            let items = shown.map { SVGChart.Item(label: $0.text("unit"), value: $0.number("percent")) }
            let svg = SVGChart.bars(id: id, title: title, desc: desc, items: items)
            let rows = shown.map { [$0.text("agency"), $0.text("unit"), $0.text("employees"), $0.text("with_20_jp"), $0.text("percent")] }
            let note = units.count > shown.count ? language("chartNote.trainingShown") + " \(shown.count) / \(units.count)" : nil
            let header = ["col.agency", "col.unit", "col.employees", "col.with20", "col.percent"].map { language($0) }
            return (svg, header, rows, note)
        case .talent:
            let counts = (1...9).map { Int(view.sum("employees", where: ["box": String($0)])) }
            let svg = SVGChart.nineBox(
                id: id, title: title, desc: desc, counts: counts, performance: language("talent.performance"),
                potential: language("talent.potential"), poolLabel: language("talent.pool"))
            let rows =
                (1...9).map { ["\($0)", String(counts[$0 - 1])] } + [
                    [
                        language("talent.notAssessed"),
                        SVGChart.number(view.sum("employees", where: ["box": ""])),
                    ]
                ]
            return (svg, [language("col.box"), language("col.employees")], rows, nil)
        case .velocity:
            let grades = view.groups("grade")
            let series = [
                SVGChart.Series(name: language("col.median"), values: grades.map { view.sum("median_years", where: ["grade": $0]) }),
                SVGChart.Series(name: "p90", values: grades.map { view.sum("p90_years", where: ["grade": $0]) }),
            ]
            let svg = SVGChart.columns(id: id, title: title, desc: desc, categories: grades, series: series)
            let rows = grades.map { grade in
                [grade] + ["promotions", "median_years", "p90_years"].map { SVGChart.number(view.sum($0, where: ["grade": grade])) }
            }
            return (svg, [language("col.grade"), language("col.promotions"), language("col.median"), "p90"], rows, nil)
        }
    }

    private func bars(
        _ items: [SVGChart.Item], id: String, title: String, desc: String, header: [String], _ language: PageLanguage
    ) -> (svg: String, header: [String], rows: [[String]], note: String?) {
        (
            SVGChart.bars(id: id, title: title, desc: desc, items: items), header + [language("col.headcount")],
            items.map { [$0.label, SVGChart.number($0.value)] }, nil
        )
    }

    private func grouped(
        _ view: TableView, category: String, series definitions: [(name: String, conditions: [String: String])], value: String,
        id: String, title: String, desc: String, _ language: PageLanguage
    ) -> (svg: String, header: [String], rows: [[String]], note: String?) {
        let categories = view.groups(category)
        let series = definitions.map { definition in
            SVGChart.Series(
                name: definition.name,
                values: categories.map { view.sum(value, where: definition.conditions.merging([category: $0]) { _, new in new }) })
        }
        let svg = SVGChart.columns(id: id, title: title, desc: desc, categories: categories, series: series)
        let rows = categories.indices.map { index in [categories[index]] + series.map { SVGChart.number($0.values[index]) } }
        return (svg, [language("col.year")] + series.map(\.name), rows, nil)
    }
}
