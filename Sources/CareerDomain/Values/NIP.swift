/// Nomor Induk Pegawai: the 18-digit civil-servant number, birth date `YYYYMMDD` + CPNS
/// appointment month `YYYYMM` + sex (1 male, 2 female) + sequence `NNN`.
public struct NIP: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public enum Sex: Int, Sendable, Codable { case male = 1, female = 2 }

    /// The 18 digits.
    public let digits: String
    public let birthDate: CivilDate
    /// The CPNS appointment month (day 1).
    public let appointmentMonth: CivilDate
    public let sex: Sex
    public let sequence: Int

    /// Parses and validates; the error names the part and the rule.
    public init(_ text: String) throws {
        // Read straight from the UTF-8 bytes: this runs for every stored event read back. The
        // parts: birth year, month, day; appointment year, month; sex digit; sequence.
        var copy = text
        let parts: [Int]? = copy.withUTF8 { bytes in
            guard bytes.count == 18 else { return nil }
            var parts = [Int]()
            parts.reserveCapacity(7)
            var value = 0
            for (index, byte) in bytes.enumerated() {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte) - 48
                // Each part ends after these digits.
                if index == 3 || index == 5 || index == 7 || index == 11 || index == 13 || index == 14 || index == 17 {
                    parts.append(value)
                    value = 0
                }
            }
            return parts
        }
        guard let parts else {
            let digits = text.filter { $0.isASCII && $0.isNumber }.count
            throw DomainError(
                field: "nip",
                rule: digits == text.count
                    ? "NIP must have 18 digits, got \(text.count)" : "NIP must be 18 digits, got \"\(text)\"")
        }
        let prefix = text.prefix(4)
        guard let birth = CivilDate(year: parts[0], month: parts[1], day: parts[2]) else {
            throw DomainError(
                field: "nip",
                rule:
                    "NIP \(prefix)… birth date \(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.dropFirst(6).prefix(2)) is not a "
                    + "date"
            )
        }
        guard let appointed = CivilDate(year: parts[3], month: parts[4], day: 1) else {
            throw DomainError(
                field: "nip",
                rule: "NIP \(prefix)… appointment month \(text.dropFirst(8).prefix(4))-\(text.dropFirst(12).prefix(2)) is not a month")
        }
        guard let sex = Sex(rawValue: parts[5]) else {
            throw DomainError(field: "nip", rule: "NIP \(prefix)… sex digit must be 1 (male) or 2 (female), got \(parts[5])")
        }
        let adult = birth.adding(years: 18)
        guard appointed.year * 12 + appointed.month > adult.year * 12 + adult.month else {
            throw DomainError(
                field: "nip",
                rule:
                    "NIP \(prefix)… appointment month \(appointed.year)-\(appointed.month < 10 ? "0" : "")\(appointed.month) is not "
                    + "after the 18th birthday (\(adult))"
            )
        }
        let sequence = parts[6]
        guard sequence >= 1 else { throw DomainError(field: "nip", rule: "NIP \(prefix)… sequence must start at 001") }
        self.digits = text
        self.birthDate = birth
        self.appointmentMonth = appointed
        self.sex = sex
        self.sequence = sequence
    }

    public var description: String { digits }

    public static func < (lhs: NIP, rhs: NIP) -> Bool { lhs.digits < rhs.digits }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(try container.decode(String.self))
        } catch let error as DomainError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.rule)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
