import CareerDomain

/// A value a JSON response may hold. Responses are built from these only, so a value the
/// writer does not know is a compile error, never a silent `null`.
protocol ResponseValue: Sendable {
    /// Appends the value as compact JSON (objects with sorted keys).
    func writeJSON(into output: inout [UInt8])
}

extension String: ResponseValue {
    func writeJSON(into output: inout [UInt8]) { CanonicalJSONEncoder.writeString(self, into: &output) }
}

extension Bool: ResponseValue {
    func writeJSON(into output: inout [UInt8]) { output += Array((self ? "true" : "false").utf8) }
}

extension Int: ResponseValue {
    func writeJSON(into output: inout [UInt8]) { output += Array(String(self).utf8) }
}

extension Int64: ResponseValue {
    func writeJSON(into output: inout [UInt8]) { output += Array(String(self).utf8) }
}

extension Int32: ResponseValue {
    func writeJSON(into output: inout [UInt8]) { output += Array(String(self).utf8) }
}

extension Double: ResponseValue {
    /// Whole values as integers; NaN and infinities (which JSON lacks) as `null`.
    func writeJSON(into output: inout [UInt8]) {
        guard isFinite else { return output += Array("null".utf8) }
        output += Array((self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)).utf8)
    }
}

extension Optional: ResponseValue where Wrapped: ResponseValue {
    func writeJSON(into output: inout [UInt8]) {
        switch self {
        case .some(let value): value.writeJSON(into: &output)
        case .none: output += Array("null".utf8)
        }
    }
}

extension Array: ResponseValue where Element: ResponseValue {
    func writeJSON(into output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (index, element) in enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            element.writeJSON(into: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}

extension Dictionary: ResponseValue where Key == String, Value: ResponseValue {
    func writeJSON(into output: inout [UInt8]) {
        JSONObject.write(keys, into: &output) { self[$0] }
    }
}

extension RawJSON: ResponseValue {
    func writeJSON(into output: inout [UInt8]) { output += Array(text.utf8) }
}
