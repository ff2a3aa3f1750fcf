extension SVGChart {
    /// One named series of a column chart, a value per category.
    struct Series: Sendable, Hashable {
        var name: String
        var values: [Double]
    }

    static let palette = ["#1f4e79", "#8a3a73", "#2e6b30", "#9a5b00", "#5b4a99", "#a4281f", "#1b6b6b", "#555555"]

    /// Grouped columns: a group per category (years, say), a column per series, with a legend.
    static func columns(id: String, title: String, desc: String, categories: [String], series: [Series]) -> String {
        let width = 640.0, left = 40.0, bottom = 24.0, legendHeight = 18.0 * Double((series.count + 2) / 3)
        let plotTop = 10.0 + legendHeight, height = plotTop + 170 + bottom
        let top = max(1, series.flatMap(\.values).max() ?? 1)
        let group = (width - left - 10) / Double(max(1, categories.count))
        let column = max(2, (group - 6) / Double(max(1, series.count)))
        var svg = open(id: id, title: title, desc: desc, width: Int(width), height: Int(height))
        for (index, item) in series.enumerated() {
            let x = left + Double(index % 3) * 200, y = 6 + Double(index / 3) * 18
            svg += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"12\" height=\"12\" fill=\"\(palette[index % palette.count])\"/>"
            svg += text(item.name, x: x + 16, y: y + 11, size: 11)
        }
        let base = height - bottom
        svg +=
            "<line x1=\"\(number(left))\" y1=\"\(number(base))\" x2=\"\(number(width - 10))\" y2=\"\(number(base))\" stroke=\"\(grid)\"/>"
        svg += text(number(top), x: left - 4, y: plotTop + 8, anchor: "end", size: 10)
        for (categoryIndex, category) in categories.enumerated() {
            let x0 = left + Double(categoryIndex) * group + 3
            for (seriesIndex, item) in series.enumerated() {
                let value = categoryIndex < item.values.count ? max(0, item.values[categoryIndex]) : 0
                let h = value / top * (base - plotTop)
                svg +=
                    "<rect x=\"\(number(x0 + Double(seriesIndex) * column))\" y=\"\(number(base - h))\" width=\"\(number(column - 1))\" "
                    + "height=\"\(number(h))\" fill=\"\(palette[seriesIndex % palette.count])\"><title>"
                    + HTMLText.escape("\(category) \(item.name): \(number(value))") + "</title></rect>"
            }
            svg += text(category, x: x0 + (group - 6) / 2, y: height - 8, anchor: "middle", size: 10)
        }
        return svg + "</svg>"
    }
}
