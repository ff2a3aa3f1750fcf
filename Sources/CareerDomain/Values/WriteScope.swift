import Foundation

/// The agencies (instansi) and units (unor) a writer may record for: an employee whose agency or
/// unit is listed.
public struct WriteScope: Sendable, Hashable, CustomStringConvertible {
    public var agencies: Set<String>
    public var units: Set<String>

    public init(agencies: Set<String> = [], units: Set<String> = []) {
        self.agencies = agencies
        self.units = units
    }

    /// Whether an employee placed in `org` is within the scope.
    public func allows(_ org: OrgUnit) -> Bool {
        agencies.contains(org.agency) || units.contains(org.unit)
    }

    public var description: String {
        let parts = agencies.sorted().map { "agency \($0)" } + units.sorted().map { "unit \($0)" }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}
