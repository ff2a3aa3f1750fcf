import Foundation

/// A policy-rule finding for inspectors: the event was accepted, but breaks a rule.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable { case info, warning, serious }

    public var ruleID: String
    public var nip: NIP
    public var message: String
    /// The events that break the rule.
    public var eventIDs: [UUID]
    public var severity: Severity
    /// The TMT of the first event behind it.
    public var effectiveDate: CivilDate?
    /// The decree of the first event, who recorded it and when, and the clerk the client named.
    public var decree: Decree?
    public var recordedBy: String?
    public var operatorName: String?
    public var recordedAt: Int64?
    /// Where the event took effect (unit and agency), filled in by whoever folds the history.
    public var org: OrgUnit?

    public init(ruleID: String, nip: NIP, message: String, eventIDs: [UUID], severity: Severity) {
        self.ruleID = ruleID
        self.nip = nip
        self.message = message
        self.eventIDs = eventIDs
        self.severity = severity
    }

    /// The finding with the TMT, decree and recorder of `record`, the event behind it.
    public func about(_ record: CareerRecord) -> Finding {
        var finding = self
        finding.effectiveDate = record.effectiveDate
        finding.decree = record.decree
        finding.recordedBy = record.recordedBy
        finding.operatorName = record.operatorName
        finding.recordedAt = record.recordedAt
        return finding
    }

    public var description: String { "[\(ruleID)] \(nip): \(message)" }
}
