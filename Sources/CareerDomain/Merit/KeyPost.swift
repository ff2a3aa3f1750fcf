/// A key post (jabatan target) with a succession plan: its title and where it sits.
public struct KeyPost: Sendable, Hashable, Codable, CustomStringConvertible {
    public var title: String
    public var org: OrgUnit

    public init(title: String, org: OrgUnit) {
        self.title = title
        self.org = org
    }

    public var description: String { "\(title), \(org)" }
}

/// How soon a named successor could take the key post.
public enum Readiness: String, Sendable, Hashable, Codable, CaseIterable {
    case readyNow = "ready-now"
    case oneToTwoYears = "1-2-years"
    case threeOrMoreYears = "3-plus-years"
}

/// A family tie (hubungan keluarga) declared against nepotism.
public enum FamilyRelation: String, Sendable, Hashable, Codable, CaseIterable {
    case spouse, parent, child, sibling
    case parentInLaw = "parent-in-law", childInLaw = "child-in-law", siblingInLaw = "sibling-in-law"
}
