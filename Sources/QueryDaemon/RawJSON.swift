import CareerDomain
import Foundation

/// JSON text already encoded, embedded verbatim (payloads as stored).
struct RawJSON: Sendable {
    var text: String
}
