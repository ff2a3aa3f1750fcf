import CareerDomain
import Foundation

extension CareerTimelineChart {
    static let width = 960.0, left = 130.0, right = 16.0

    func x(_ date: CivilDate) -> Double {
        let span = Double(max(1, end.dayNumber - start.dayNumber))
        return Self.left + Double(date.dayNumber - start.dayNumber) / span * (Self.width - Self.left - Self.right)
    }

    /// The chart, labelled in `language`.
    func svg(language: PageLanguage) -> String {
        let gradeTop = 10.0, gradeHeight = 120.0, bandHeight = 20.0, laneHeight = 18.0
        let unitY = gradeTop + gradeHeight + 14, postY = unitY + bandHeight + 4, lanesY = postY + bandHeight + 10
        let axisY = lanesY + Double(Lane.allCases.count) * laneHeight + 6
        let height = axisY + 22
        let low = Double(grades.map(\.level).min() ?? 0), high = Double(max(grades.map(\.level).max() ?? 1, Int(low) + 1))
        func gradeY(_ level: Int) -> Double { gradeTop + 10 + (1 - (Double(level) - low) / (high - low)) * (gradeHeight - 20) }
        var svg = SVGChart.open(
            id: "timeline", title: language("timeline.title"),
            desc: language("timeline.desc") + " \(start.year)–\(end.year): \(markers.count) " + language("timeline.events"),
            width: Int(Self.width), height: Int(height))
        // Year grid.
        let years = Array(start.year...end.year)
        let stride = max(1, years.count / 12)
        for year in years where (year - start.year) % stride == 0 {
            guard let date = CivilDate(year: year, month: 1, day: 1) else { continue }
            let gx = x(date)
            svg += "<line x1=\"\(n(gx))\" y1=\"\(n(gradeTop))\" x2=\"\(n(gx))\" y2=\"\(n(axisY))\" stroke=\"\(SVGChart.grid)\"/>"
            svg += SVGChart.text(String(year), x: gx, y: axisY + 16, anchor: "middle", size: 11)
        }
        // Grade as a step line.
        svg += SVGChart.text(language("timeline.grade"), x: 8, y: gradeTop + 14, weight: "bold")
        for (index, band) in grades.enumerated() {
            let y = gradeY(band.level)
            svg +=
                "<line x1=\"\(n(x(band.from)))\" y1=\"\(n(y))\" x2=\"\(n(x(band.to)))\" y2=\"\(n(y))\" stroke=\"\(SVGChart.bar)\" "
                + "stroke-width=\"3\"/>"
            if index > 0, grades[index - 1].to == band.from {
                svg +=
                    "<line x1=\"\(n(x(band.from)))\" y1=\"\(n(gradeY(grades[index - 1].level)))\" x2=\"\(n(x(band.from)))\" "
                    + "y2=\"\(n(y))\" stroke=\"\(SVGChart.bar)\" stroke-width=\"3\"/>"
            }
            // The grade's name above its step, kept inside the chart near the right edge.
            let labelX = x(band.from) + 3
            if labelX + 34 > Self.width - Self.right {
                svg += SVGChart.text(band.value, x: Self.width - Self.right, y: y - 5, anchor: "end", size: 11)
            } else {
                svg += SVGChart.text(band.value, x: labelX, y: y - 5, size: 11)
            }
        }
        svg += bandRow(units, y: unitY, height: bandHeight, label: language("timeline.unit"), colors: ["#e3ecf5", "#cfdcea"])
        svg += bandRow(posts, y: postY, height: bandHeight, label: language("timeline.post"), colors: ["#efe6ee", "#e0d0de"])
        // Event markers, one lane per kind.
        for lane in Lane.allCases {
            let y = lanesY + Double(lane.rawValue) * laneHeight
            svg += SVGChart.text(language(lane.labelKey), x: 8, y: y + 13, size: 11)
        }
        var centres = [UUID: (Double, Double)]()
        for marker in markers {
            centres[marker.record.id] = (x(marker.record.effectiveDate), lanesY + Double(marker.lane.rawValue) * laneHeight + 9)
        }
        for link in links {
            guard let (x1, y1) = centres[link.from.id], let (x2, y2) = centres[link.to.id] else { continue }
            svg += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"#a4281f\" stroke-dasharray=\"3 2\"/>"
        }
        for marker in markers {
            guard let (cx, cy) = centres[marker.record.id] else { continue }
            let record = marker.record
            var label = "\(record.effectiveDate) \(record.event.type)"
            if let decree = record.decree { label += " — SK \(decree.number)" }
            if marker.changed { label += " — " + language("timeline.changed") }
            svg += "<a href=\"#ev-\(record.position ?? 0)\"><title>\(HTMLText.escape(label))</title>"
            if marker.lane == .correction {
                svg +=
                    "<path d=\"M\(n(cx)) \(n(cy - 6)) L\(n(cx + 6)) \(n(cy)) L\(n(cx)) \(n(cy + 6)) L\(n(cx - 6)) \(n(cy)) Z\" "
                    + "fill=\"#a4281f\"/>"
            } else if marker.changed {
                svg +=
                    "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"5\" fill=\"#ffffff\" stroke=\"#a4281f\" stroke-width=\"2\" "
                    + "stroke-dasharray=\"2 1\"/>"
            } else {
                svg += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"5\" fill=\"\(SVGChart.bar)\"/>"
            }
            svg += "</a>"
        }
        return svg + "</svg>"
    }

    private func bandRow(_ bands: [Band], y: Double, height: Double, label: String, colors: [String]) -> String {
        var svg = SVGChart.text(label, x: 8, y: y + 14, size: 11, weight: "bold")
        for (index, band) in bands.enumerated() {
            let x1 = x(band.from), w = max(1, x(band.to) - x1)
            svg +=
                "<rect x=\"\(n(x1))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(height))\" fill=\"\(colors[index % 2])\" "
                + "stroke=\"#ffffff\"><title>\(HTMLText.escape("\(band.value) (\(band.from) – \(band.to))"))</title></rect>"
            // The name where it fits (about 6 px a character at this size).
            let fits = Int(w / 6.2)
            if fits >= 4 {
                let text = band.value.count <= fits ? band.value : String(band.value.prefix(fits - 1)) + "…"
                svg += SVGChart.text(text, x: x1 + 3, y: y + 14, size: 11)
            }
        }
        return svg
    }

    private func n(_ value: Double) -> String { SVGChart.number(value) }
}
