/// How long each text field of a record may be, and which may hold line breaks: every string a
/// client sends is bounded, so a 900 KB "name" is refused at the door rather than stored forever.
public enum FieldLimits {
    /// Longest text, in Unicode scalars, by member name (payload members, decree, envelope).
    public static func maximum(for key: String) -> Int {
        switch key {
        case "echelon": return 16
        case "number", "certificate": return 120
        case "operator": return 100
        case "unit", "agency", "signedBy", "institution", "organiser": return 200
        case "name", "title": return 300
        case "reason", "description", "note": return 2000
        default: return 300
        }
    }

    /// Members whose text may run over several lines.
    static func allowsLineBreaks(_ key: String) -> Bool {
        key == "reason" || key == "description" || key == "note"
    }

    /// Why `text` (member `key`) is refused, or nil: blank (spaces and invisible characters
    /// only), too long, or holding control characters or direction overrides (which can make a
    /// text read as something else on screen).
    public static func problem(with text: String, key: String) -> String? {
        let maximum = maximum(for: key)
        var count = 0
        var blank = true
        for scalar in text.unicodeScalars {
            count += 1
            if count > maximum { return "must be at most \(maximum) characters" }
            switch scalar.value {
            case 0x0A, 0x09, 0x0D:
                if !allowsLineBreaks(key) { return "must not hold line breaks or tabs" }
            case 0..<0x20, 0x7F...0x9F: return "must not hold control characters"
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return "must not hold text-direction controls"
            case 0x200B...0x200D, 0x2060, 0xFEFF, 0x00AD: break  // invisible: does not make a text non-blank
            default:
                if scalar.properties.generalCategory != .spaceSeparator { blank = false }
            }
        }
        return blank ? "must not be empty" : nil
    }
}
