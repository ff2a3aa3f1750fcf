import Foundation

/// A field path in refusals (`events[0].payload.to`) from JSON pointer tokens.
enum FieldPath {
    static func dotted(_ prefix: String, _ tokens: [String]) -> String {
        var text = prefix
        for token in tokens {
            if !token.isEmpty, token.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
                text += "[\(token)]"
            } else {
                text += text.isEmpty ? token : "." + token
            }
        }
        return text.isEmpty ? "body" : text
    }
}
