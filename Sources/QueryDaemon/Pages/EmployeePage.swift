import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient
import Projections

/// What the employee page shows, as template data: the state on a date as known at a time, the
/// career timeline, the trail (corrections beside what they changed) and the findings.
struct EmployeePage {
    let nip: NIP
    let stored: [RecordedEvent]
    let history: StoredHistory
    let explained: EmployeeTimeline.Explained
    let findings: [FindingsQuery.Row]
    let asOf: CivilDate
    let knownDay: CivilDate?
    let knownAt: Int64?
    let language: PageLanguage
    var proof = ProofStatus()
    /// The merit system's view of the employee (read models).
    var merit: MeritProfile?

    /// What the page says of the employee's proofs: the latest signed checkpoint and whether it
    /// holds every event, the verifier key, and any integrity alarm.
    struct ProofStatus {
        var checkpointSize: Int64?
        var covered = false
        var verifierKey: String?
        var integrityBroken: String?
        var root: String?
        /// The witnesses of the latest cosigned checkpoint, and its size.
        var witnessed: String?
    }

    var data: [String: Any] {
        let state = explained.state
        let positions = Dictionary(stored.map { ($0.id.uuidString.lowercased(), $0.position) }, uniquingKeysWith: { first, _ in first })
        var data: [String: Any] = [
            "nip": nip.digits, "asOf": asOf.description,
            "status": statusText(state.status), "facts": facts(state),
            "timeline": CareerTimelineChart(records: history.records, nip: nip, end: asOf, knownAt: knownAt).svg(language: language),
            "trail": trail(positions: positions), "findings": findings.map { finding(_: $0, positions: positions) },
            "hasFindings": !findings.isEmpty, "lastPosition": stored.last?.position ?? 0, "eventCount": stored.count,
        ]
        if let knownDay { data["knownAt"] = knownDay.description }
        if let knownAt {
            data["laterRecords"] = stored.filter { $0.recordedAt.microsecondsSinceUnixEpoch > knownAt }.count
        }
        if !history.unreadable.isEmpty { data["unreadable"] = history.unreadable.count }
        var proofData: [String: Any] = ["covered": proof.covered]
        if let size = proof.checkpointSize { proofData["size"] = size }
        if let root = proof.root { proofData["root"] = root }
        if let key = proof.verifierKey { proofData["key"] = key }
        if let broken = proof.integrityBroken { proofData["broken"] = broken }
        if let witnessed = proof.witnessed { proofData["witnessed"] = witnessed }
        data["proof"] = proofData
        if let merit { data["merit"] = Self.meritData(merit, language: language) }
        return data
    }

    /// The state as label/value rows (absent values as a dash).
    func facts(_ state: EmployeeState) -> [[String: String]] {
        func row(_ key: String, _ value: String?) -> [String: String] { ["label": language(key), "value": value ?? "–"] }
        let post = state.definitivePost
        let lastRating = state.ratings.max { $0.key < $1.key }
        return [
            row("fact.sex", language(state.nip.sex == .female ? "sex.F" : "sex.M")),
            row("fact.birthDate", state.nip.birthDate.description),
            row("fact.status", statusText(state.status)),
            row("fact.grade", state.grade.map { "\($0.code) (\($0.rankName))" }),
            row("fact.gradeSince", state.gradeSince?.description),
            row("fact.post", post.map { "\($0.title) (\($0.kind.rawValue))" }),
            row("fact.acting", state.actingPosts.isEmpty ? nil : state.actingPosts.map(\.title).joined(separator: "; ")),
            row("fact.unit", state.org.map { "\($0.unit), \($0.agency)" }),
            row("fact.education", state.education?.rawValue),
            row("fact.serviceStart", state.serviceStart?.description),
            row("fact.serviceYears", state.serviceStart == nil ? nil : String(state.serviceYears)),
            row("fact.retirement", "\(state.retirementDate) (BUP \(state.retirementAge))"),
            row("fact.lastRating", lastRating.map { "\($0.key): \($0.value.rawValue)" }),
            row("fact.talentBox", state.talentBox.map { String($0.number) }),
            row("fact.training", state.trainingHours[asOf.year].map { "\($0) JP (\(asOf.year))" } ?? "0 JP (\(asOf.year))"),
            row(
                "fact.discipline",
                {
                    let inForce = state.disciplines(inForceOn: asOf)
                    return inForce.isEmpty
                        ? nil : inForce.map { "\($0.level.rawValue) \($0.period.start)–\($0.period.end)" }.joined(separator: "; ")
                }()),
        ]
    }

    /// The trail in TMT order, each row with its decree, who recorded it and when, its position
    /// and hash, and what changed it or what it changes.
    func trail(positions: [String: Int64]) -> [[String: Any]] {
        let page = CareerTrailPage(stored: stored, offset: 0, limit: stored.count)
        let records = Dictionary(history.records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return page.ordered.map { event in
            let hash = PostgresBytes.hex(event.hash)
            var row: [String: Any] = [
                "position": event.position, "type": event.type, "recordedAt": event.recordedAt.iso8601,
                "tmt": event.effectiveDate.map { CivilDate(dayNumber: $0.daysSinceUnixEpoch).description } ?? "–",
                "hash": String(hash.prefix(12)), "hashFull": hash,
            ]
            if let knownAt, event.recordedAt.microsecondsSinceUnixEpoch > knownAt { row["later"] = true }
            if let record = records[event.id] {
                row["recordedBy"] = record.recordedBy
                if let name = record.operatorName { row["operator"] = name }
                if let decree = record.decree {
                    row["decree"] = ["number": decree.number, "date": decree.date.description, "signer": decree.signedBy]
                }
                row["summary"] = summary(record.event)
                switch record.event {
                case .corrected(let correction):
                    row["fixes"] = [
                        "position": positions[correction.target.uuidString.lowercased()] ?? 0, "reason": correction.reason,
                        "kind": language("trail.corrects"),
                    ]
                case .rescinded(let rescission):
                    row["fixes"] = [
                        "position": positions[rescission.target.uuidString.lowercased()] ?? 0, "reason": rescission.reason,
                        "kind": language("trail.rescinds"),
                    ]
                default: break
                }
            } else {
                row["unreadable"] = true
            }
            let changes = page.changedBy[event.id] ?? []
            if !changes.isEmpty {
                row["changed"] = true
                row["changes"] = changes.map { change -> [String: Any] in
                    [
                        "kind": language(change["kind"] == "rescinded" ? "trail.rescindedBy" : "trail.correctedBy"),
                        "position": positions[change["by"] ?? ""] ?? 0, "reason": change["reason"] ?? "",
                    ]
                }
            }
            return row
        }
    }

    /// Where the employee stands, in the reader's words (CPNS and PNS as everyone says them).
    func statusText(_ status: EmployeeState.Status) -> String {
        switch status {
        case .notAppointed: return language("status.notAppointed")
        case .candidate: return "CPNS"
        case .active: return "PNS"
        case .onLeave(let kind): return language(kind == .unpaid ? "status.unpaidLeave" : "status.studyLeave")
        case .separated(let reason): return language("status.separated") + " (" + language("separation.\(reason.rawValue)") + ")"
        }
    }

    /// A few words on what the event says.
    func summary(_ event: CareerEvent) -> String {
        switch event {
        case .gradePromoted(let value): return value.to.code
        case .cpnsAppointed(let value): return "\(value.grade.code), \(value.post.title)"
        case .postAssigned(let value): return value.post.title
        case .transferred(let value): return value.to.description
        case .performanceRated(let value): return "\(value.year): \(value.predikat.rawValue)"
        case .trainingCompleted(let value): return "\(value.name) (\(value.hours) JP)"
        case .separated(let value): return value.reason.rawValue
        default: return ""
        }
    }

    func finding(_ row: FindingsQuery.Row, positions: [String: Int64]) -> [String: Any] {
        var data: [String: Any] = [
            "rule": row.rule, "severity": row.severity, "severityLabel": language("severity.\(row.severity)"), "message": row.message,
            "state": language("state.\(row.state)"), "tmt": row.effectiveDate ?? "–",
        ]
        if let first = row.eventIDs.first, let position = positions[first] { data["position"] = position }
        return data
    }
}
