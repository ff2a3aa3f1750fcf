import Foundation

/// What an operator may tune in the policy rules (a change needs a rebuild of the read models).
public struct PolicySettings: Sendable, Hashable {
    /// A decree signed more than this many days after its TMT is a finding (`P-BACKDATE`).
    public var backdatedDecreeDays = 90

    public init(backdatedDecreeDays: Int = 90) {
        self.backdatedDecreeDays = backdatedDecreeDays
    }

    /// The settings from the environment: `RIWAYAT_BACKDATED_DECREE_DAYS` (1 to 3650).
    public static func from(environment: [String: String]) -> PolicySettings {
        var settings = PolicySettings()
        if let text = environment["RIWAYAT_BACKDATED_DECREE_DAYS"], let days = Int(text), (1...3650).contains(days) {
            settings.backdatedDecreeDays = days
        }
        return settings
    }
}
