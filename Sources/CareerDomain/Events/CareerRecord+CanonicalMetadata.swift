extension CareerRecord.Metadata {
    /// The document exactly as `CanonicalJSONEncoder` writes it (keys sorted, absent optionals
    /// left out), built by hand: every stored event carries one (a test compares the two).
    public func canonicalJSON() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(
            160 + recordedBy.utf8.count + (operatorName?.utf8.count ?? 0)
                + (decree.map { $0.number.utf8.count + $0.signedBy.utf8.count + 48 } ?? 0))
        var first = true
        func key(_ name: StaticString) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        // In key order: correlationId, decree, migrated, operator, recordedBy, source, tokenId.
        if let correlationId {
            key("correlationId")
            CanonicalJSONEncoder.writeString(correlationId, into: &out)
        }
        if let decree {
            key("decree")
            out.append(contentsOf: Array(#"{"date":""#.utf8))
            out.append(contentsOf: Array(decree.date.description.utf8))
            out.append(contentsOf: Array(#"","number":"#.utf8))
            CanonicalJSONEncoder.writeString(decree.number, into: &out)
            out.append(contentsOf: Array(#","signedBy":"#.utf8))
            CanonicalJSONEncoder.writeString(decree.signedBy, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        if let migrated {
            key("migrated")
            out.append(contentsOf: Array((migrated ? "true" : "false").utf8))
        }
        if let operatorName {
            key("operator")
            CanonicalJSONEncoder.writeString(operatorName, into: &out)
        }
        key("recordedBy")
        CanonicalJSONEncoder.writeString(recordedBy, into: &out)
        if let source {
            key("source")
            CanonicalJSONEncoder.writeString(source, into: &out)
        }
        if let tokenId {
            key("tokenId")
            CanonicalJSONEncoder.writeString(tokenId.uuidString.lowercased(), into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
