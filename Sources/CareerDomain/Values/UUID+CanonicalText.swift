import Foundation

extension UUID {
    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits in either case) directly, for
    /// readers of a million ids (imports); any other text goes to `UUID(uuidString:)`, so exactly
    /// the same texts are accepted, with the same values.
    init?(canonicalText text: String) {
        var text = text
        let parsed: uuid_t? = text.withUTF8 { bytes in
            guard bytes.count == 36 else { return nil }
            var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let complete = withUnsafeMutableBytes(of: &raw) { out -> Bool in
                var offset = 0
                for index in 0..<16 {
                    if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                        guard bytes[offset] == UInt8(ascii: "-") else { return false }
                        offset += 1
                    }
                    guard let high = Self.hexDigit(bytes[offset]), let low = Self.hexDigit(bytes[offset + 1]) else { return false }
                    out[index] = high << 4 | low
                    offset += 2
                }
                return true
            }
            return complete ? raw : nil
        }
        if let parsed {
            self.init(uuid: parsed)
        } else {
            guard let fallback = UUID(uuidString: text) else { return nil }
            self = fallback
        }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
