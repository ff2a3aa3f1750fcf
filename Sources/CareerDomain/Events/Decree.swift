import Foundation

/// A decree (SK, surat keputusan): number, date, signing official.
public struct Decree: Sendable, Hashable, Codable {
    public var number: String
    public var date: CivilDate
    public var signedBy: String

    public init(number: String, date: CivilDate, signedBy: String) {
        self.number = number
        self.date = date
        self.signedBy = signedBy
    }
}
