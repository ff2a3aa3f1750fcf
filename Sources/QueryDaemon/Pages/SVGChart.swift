import Foundation

/// Charts drawn on the server as inline SVG: bars, a population pyramid, a line over years and
/// the 9-box grid. Every chart has a `title` and a `desc` (read by screen readers) and is shown
/// with its numbers as a table beside it; text is escaped here, numbers are formatted here.
enum SVGChart {
    /// One labelled value.
    struct Item: Sendable, Hashable {
        var label: String
        var value: Double
    }

    static let ink = "#1b1b1b", bar = "#1f4e79", second = "#8a3a73", grid = "#c8c8c8"

    /// Opens an accessible `svg` element of the given size.
    static func open(id: String, title: String, desc: String, width: Int, height: Int) -> String {
        let id = HTMLText.escape(id)
        return """
            <svg class="chart" id="\(id)" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(width) \(height)" \
            width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="\(id)-title">\
            \(HTMLText.escape(title))</title><desc id="\(id)-desc">\(HTMLText.escape(desc))</desc>
            """
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.1f", value)
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Int = 12, weight: String? = nil) -> String {
        let bold = weight.map { " font-weight=\"\($0)\"" } ?? ""
        return "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(ink)\"\(bold)>"
            + HTMLText.escape(content) + "</text>"
    }

    /// Horizontal bars, one row per item, the value written at the end of each bar.
    static func bars(id: String, title: String, desc: String, items: [Item]) -> String {
        let rowHeight = 22.0, labelWidth = 190.0, width = 640.0, plot = width - labelWidth - 60
        let height = max(40, Double(items.count) * rowHeight + 10)
        let top = items.map(\.value).max() ?? 0
        var svg = open(id: id, title: title, desc: desc, width: Int(width), height: Int(height))
        for (index, item) in items.enumerated() {
            let y = 5 + Double(index) * rowHeight
            let length = top > 0 ? max(0, item.value) / top * plot : 0
            svg += text(String(item.label.prefix(30)), x: labelWidth - 6, y: y + 15, anchor: "end")
            svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(length))\" height=\"16\" fill=\"\(bar)\"/>"
            svg += text(number(item.value), x: labelWidth + length + 4, y: y + 15)
        }
        return svg + "</svg>"
    }

    /// A population pyramid: one row per band (oldest on top), `left` and `right` counts to each side.
    static func pyramid(
        id: String, title: String, desc: String, bands: [String], left: [Double], right: [Double], leftLabel: String,
        rightLabel: String
    ) -> String {
        let rowHeight = 26.0, width = 640.0, middle = 320.0, labelGap = 36.0, plot = middle - labelGap - 50
        let height = 30 + Double(bands.count) * rowHeight + 10
        let top = max(left.max() ?? 0, right.max() ?? 0)
        var svg = open(id: id, title: title, desc: desc, width: Int(width), height: Int(height))
        svg += text(leftLabel, x: middle - labelGap, y: 18, anchor: "end", weight: "bold")
        svg += text(rightLabel, x: middle + labelGap, y: 18, weight: "bold")
        for (row, band) in bands.enumerated().reversed() {
            let y = 30 + Double(bands.count - 1 - row) * rowHeight
            let l = row < left.count ? left[row] : 0, r = row < right.count ? right[row] : 0
            let lw = top > 0 ? l / top * plot : 0, rw = top > 0 ? r / top * plot : 0
            svg += text(band, x: middle, y: y + 16, anchor: "middle")
            svg +=
                "<rect x=\"\(number(middle - labelGap - lw))\" y=\"\(number(y + 3))\" width=\"\(number(lw))\" "
                + "height=\"18\" fill=\"\(bar)\"/>"
            svg +=
                "<rect x=\"\(number(middle + labelGap))\" y=\"\(number(y + 3))\" width=\"\(number(rw))\" height=\"18\" fill=\"\(second)\"/>"
            svg += text(number(l), x: middle - labelGap - lw - 4, y: y + 16, anchor: "end")
            svg += text(number(r), x: middle + labelGap + rw + 4, y: y + 16)
        }
        return svg + "</svg>"
    }

    /// A line through the items in order (years, say), with a dot and its value at each.
    static func line(id: String, title: String, desc: String, items: [Item]) -> String {
        let width = 640.0, height = 220.0, left = 50.0, right = 20.0, top = 20.0, bottom = 30.0
        let low = min(0, items.map(\.value).min() ?? 0), high = max(1, items.map(\.value).max() ?? 1)
        let step = items.count > 1 ? (width - left - right) / Double(items.count - 1) : 0
        func y(_ value: Double) -> Double { top + (1 - (value - low) / (high - low)) * (height - top - bottom) }
        var svg = open(id: id, title: title, desc: desc, width: Int(width), height: Int(height))
        svg +=
            "<line x1=\"\(number(left))\" y1=\"\(number(y(low)))\" x2=\"\(number(width - right))\" y2=\"\(number(y(low)))\" "
            + "stroke=\"\(grid)\"/>"
        let points = items.enumerated().map { "\(number(left + Double($0.offset) * step)),\(number(y($0.element.value)))" }
        svg += "<polyline fill=\"none\" stroke=\"\(bar)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        for (index, item) in items.enumerated() {
            let x = left + Double(index) * step
            svg += "<circle cx=\"\(number(x))\" cy=\"\(number(y(item.value)))\" r=\"3\" fill=\"\(bar)\"/>"
            svg += text(number(item.value), x: x, y: y(item.value) - 7, anchor: "middle", size: 10)
            svg += text(item.label, x: x, y: height - 10, anchor: "middle", size: 10)
        }
        return svg + "</svg>"
    }

    /// The 9-box grid: potential upwards, performance to the right; `counts[n - 1]` in box n.
    static func nineBox(
        id: String, title: String, desc: String, counts: [Int], performance: String, potential: String, poolLabel: String
    ) -> String {
        // Rows from high potential (top) to low; columns from below to above expectations.
        let layout = [[6, 8, 9], [3, 5, 7], [1, 2, 4]]
        let cell = 110.0, left = 40.0, top = 10.0
        var svg = open(id: id, title: title, desc: desc, width: Int(left + 3 * cell + 10), height: Int(top + 3 * cell + 40))
        for (row, boxes) in layout.enumerated() {
            for (column, box) in boxes.enumerated() {
                let x = left + Double(column) * cell, y = top + Double(row) * cell
                let pool = box >= 7
                svg +=
                    "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(cell - 4))\" height=\"\(number(cell - 4))\" "
                    + "fill=\"\(pool ? "#dbe8f5" : "#f2f2f2")\" stroke=\"\(pool ? bar : grid)\"/>"
                svg += text("\(box)", x: x + 8, y: y + 18, size: 11)
                svg += text(
                    String(box - 1 < counts.count ? counts[box - 1] : 0), x: x + cell / 2 - 2, y: y + cell / 2 + 6,
                    anchor: "middle", size: 20, weight: "bold")
            }
        }
        svg += text(performance + " →", x: left + 1.5 * cell, y: top + 3 * cell + 20, anchor: "middle")
        svg +=
            "<text x=\"14\" y=\"\(number(top + 1.5 * cell))\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(ink)\" "
            + "transform=\"rotate(-90 14 \(number(top + 1.5 * cell)))\">\(HTMLText.escape(potential)) →</text>"
        svg += text(poolLabel, x: left, y: top + 3 * cell + 36, size: 11)
        return svg + "</svg>"
    }
}
