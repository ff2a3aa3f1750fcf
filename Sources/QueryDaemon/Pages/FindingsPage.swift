import Foundation
import Hummingbird
import Projections

/// What the findings page shows: the filters as entered, one page of findings (each linking to
/// the employee page at the event's date) and links to the pages before and after.
struct FindingsPage {
    let query: FindingsQuery
    let total: Int
    let rows: [FindingsQuery.Row]
    let request: Request
    let language: PageLanguage

    var data: [String: Any] {
        let severities = ["info", "warning", "serious"].map { (value: String) -> [String: Any] in
            ["value": value, "label": language("severity.\(value)"), "selected": query.severity == value]
        }
        let states = ["open", "explained"].map { (value: String) -> [String: Any] in
            ["value": value, "label": language("state.\(value)"), "selected": query.state == value]
        }
        var data: [String: Any] = [
            "agency": query.agency ?? "", "unit": query.unit ?? "", "rule": query.rule ?? "", "from": query.from?.description ?? "",
            "to": query.to?.description ?? "", "severities": severities, "states": states, "total": total,
            "first": rows.isEmpty ? 0 : query.offset + 1, "last": query.offset + rows.count,
            "rows": rows.map { row -> [String: Any] in
                var link = "/employees/\(row.nip)"
                if let date = row.effectiveDate { link += "?asOf=\(date)" }
                return [
                    "nip": row.nip, "link": link, "rule": row.rule, "severity": row.severity,
                    "severityLabel": language("severity.\(row.severity)"), "message": row.message, "state": language("state.\(row.state)"),
                    "tmt": row.effectiveDate ?? "–", "unit": row.unit ?? "–", "agency": row.agency ?? "–",
                ]
            },
        ]
        if query.offset > 0 { data["previous"] = link(offset: max(0, query.offset - query.limit)) }
        if query.offset + rows.count < total { data["next"] = link(offset: query.offset + query.limit) }
        return data
    }

    /// This page's filters at another offset.
    func link(offset: Int) -> String {
        let kept = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("offset=") }
        return "/findings?" + (kept + ["offset=\(offset)"]).joined(separator: "&")
    }
}
