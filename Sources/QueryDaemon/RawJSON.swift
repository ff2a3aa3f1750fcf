import CareerDomain
import Foundation

/// JSON text already encoded, embedded verbatim (payloads as stored).
struct RawJSON {
    var text: String
}
