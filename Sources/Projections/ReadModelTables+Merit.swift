import CareerDomain
import Foundation
import PostgresClient

extension ReadModelTables {
    /// Writes the merit-system rows of employees (by COPY).
    static func insertMerit(_ rows: [EmployeeRows], suffix: String, on connection: PostgresConnection) throws {
        func date(_ value: CivilDate?) -> String? { value?.description }
        func time(_ value: Int64?) -> String? { value.map { PostgresTimestamp(microsecondsSinceUnixEpoch: $0).description } }
        func id(_ value: UUID) -> String { value.uuidString.lowercased() }
        try copy("competency_levels" + suffix, on: connection) { writer in
            for row in rows {
                // Where the employee is today, as `employee_current` has it.
                let current = row.current
                for item in row.merit.competencies.values.sorted(by: { $0.competency < $1.competency }) {
                    let since = row.merit.trainings.filter { $0.competency == item.competency && $0.day >= item.assessedOn }.count
                    try writer.writeTextRow([
                        row.nip.digits, item.competency, String(item.level), item.assessedOn.description, id(item.eventID),
                        current?.agency, current?.unit, current?.postTitle, (current?.inService ?? false) ? "t" : "f", String(since),
                    ])
                }
            }
        }
        try copy("training_competencies" + suffix, on: connection) { writer in
            for row in rows {
                for item in row.merit.trainings {
                    try writer.writeTextRow([row.nip.digits, item.competency, item.day.description, String(item.hours), id(item.eventID)])
                }
            }
        }
        try copy("family_ties" + suffix, on: connection) { writer in
            for row in rows {
                for tie in row.merit.ties.values.sorted(by: { $0.relative < $1.relative }) {
                    try writer.writeTextRow([
                        row.nip.digits, tie.relative, tie.relation, tie.declaredOn.description, id(tie.eventID), time(tie.recordedAt),
                        tie.recordedBy,
                    ])
                }
            }
        }
        try copy("person_acts" + suffix, on: connection) { writer in
            for row in rows {
                for act in row.merit.acts {
                    try writer.writeTextRow([row.nip.digits, act.actor, act.role, id(act.eventID)])
                }
            }
        }
        try copy("successors" + suffix, on: connection) { writer in
            for row in rows {
                for item in row.merit.successors.values.sorted(by: { $0.keyPost.description < $1.keyPost.description }) {
                    try writer.writeTextRow([
                        row.nip.digits, item.keyPost.title, item.keyPost.org.unit, item.keyPost.org.agency, item.readiness,
                        item.namedOn.description, item.talentBox.map(String.init), id(item.eventID),
                    ])
                }
            }
        }
        try copy("definitive_posts" + suffix, on: connection) { writer in
            for row in rows {
                for item in row.merit.posts {
                    try writer.writeTextRow([
                        row.nip.digits, item.post.title, item.post.kind.rawValue, item.post.org.unit, item.post.org.agency,
                        item.previous?.title, item.previous?.kind.rawValue, item.previous?.org.agency, id(item.eventID),
                        item.effectiveDate.description, time(item.recordedAt), item.recordedBy, item.operatorName, item.decree?.number,
                        date(item.decree?.date),
                    ])
                }
            }
        }
        try copy("mentorships" + suffix, on: connection) { writer in
            for row in rows {
                for item in row.merit.mentorships {
                    try writer.writeTextRow([
                        row.nip.digits, item.mentor, item.kind, "[\(item.period.start),\(item.period.end)]", id(item.eventID),
                        item.gradeDays.map(String.init),
                    ])
                }
            }
        }
    }

    /// Writes the rows of agencies' streams (by COPY).
    static func insertAgencies(_ rows: [AgencyRows], suffix: String, on connection: PostgresConnection) throws {
        guard !rows.isEmpty else { return }
        func array(_ values: [String]) -> String {
            "{"
                + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
                .joined(separator: ",") + "}"
        }
        func id(_ value: UUID?) -> String? { value?.uuidString.lowercased() }
        try copy("selections" + suffix, on: connection) { writer in
            for row in rows {
                for s in row.selections {
                    try writer.writeTextRow([
                        row.stream, row.agency, s.id, s.post.title, s.post.kind.rawValue, s.post.org.unit, s.announcedOn.description,
                        s.stage,
                        array(s.committee), String(s.committeeSize), String(row.candidates.filter { $0.selection == s.id }.count),
                        array(s.proposed), s.outcome, s.appointee, s.closedOn?.description, id(s.announcedEvent), id(s.committeeEvent),
                        s.committeeRecordedAt.map { PostgresTimestamp(microsecondsSinceUnixEpoch: $0).description }, id(s.proposedEvent),
                        id(s.closedEvent),
                        s.closedRecordedAt.map { PostgresTimestamp(microsecondsSinceUnixEpoch: $0).description }, s.closedRecordedBy,
                    ])
                }
            }
        }
        try copy("selection_candidates" + suffix, on: connection) { writer in
            for row in rows {
                for c in row.candidates {
                    try writer.writeTextRow([
                        row.stream, row.agency, c.selection, c.nip, c.stage, c.passed ? "t" : "f", c.score.map { String($0) },
                        c.proposed ? "t" : "f", c.appointed ? "t" : "f", c.assessedOn.description, id(c.eventID),
                    ])
                }
            }
        }
        try copy("competency_standards" + suffix, on: connection) { writer in
            for row in rows {
                for s in row.standards {
                    try writer.writeTextRow([
                        row.stream, row.agency, s.title, s.competency, String(s.level), s.declaredOn.description, id(s.eventID),
                    ])
                }
            }
        }
        try copy("career_patterns" + suffix, on: connection) { writer in
            for row in rows {
                for p in row.pattern {
                    try writer.writeTextRow([
                        row.stream, row.agency, p.from, p.to, p.declaredOn.description, id(p.eventID), p.validUntil?.description,
                    ])
                }
            }
        }
    }
}
