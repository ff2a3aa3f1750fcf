import Foundation

extension JSONTape {
    /// The value node of member `key` of the object at node `object` (the last one, when a key
    /// repeats, as in `jsonb`), or nil.
    func member(of object: Int, named key: String) -> Int? {
        var key = key
        return key.withUTF8 { wanted in
            // The key's bytes once, compared with each member's in place.
            bytes.withUnsafeBufferPointer { buffer in
                nodes.withUnsafeBufferPointer { nodes in
                    var found: Int?
                    var keyNode = object + 1
                    for _ in 0..<nodes[object].count {
                        let node = nodes[keyNode]
                        if node.flagged {
                            if (try? string(keyNode)) == String(decoding: wanted, as: UTF8.self) { found = keyNode + 1 }
                        } else if Int(node.end - node.start) - 2 == wanted.count {
                            if let base = buffer.baseAddress, let other = wanted.baseAddress {
                                if memcmp(base + Int(node.start) + 1, other, wanted.count) == 0 { found = keyNode + 1 }
                            } else if wanted.isEmpty {
                                found = keyNode + 1
                            }
                        }
                        keyNode = Int(nodes[keyNode + 1].next)
                    }
                    return found
                }
            }
        }
    }

    /// Why a value could not be read as asked (the decoder adds the coding path).
    enum ValueProblem: Error, Equatable {
        case notValidUTF8
        case badSurrogate
        case doesNotFit(String)
        /// An integer written with a fraction or exponent in strict input.
        case notWholeLiteral(String)
    }

    /// The string at node `index` (a `.string` node), escapes resolved.
    func string(_ index: Int) throws -> String {
        try bytes.withUnsafeBufferPointer { try Self.decodeString($0, node: nodes[index]) }
    }

    /// The string `node` stands for in `bytes`, escapes resolved; throws `ValueProblem` when its
    /// bytes are not UTF-8 or an escape is an unpaired surrogate.
    static func decodeString(_ bytes: UnsafeBufferPointer<UInt8>, node: Node) throws -> String {
        let inner = Int(node.start) + 1..<Int(node.end) - 1
        if !node.flagged {
            let slice = UnsafeBufferPointer(rebasing: bytes[inner])
            // ASCII needs no validation; anything else must be well-formed UTF-8.
            if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
            guard let text = String(validating: slice, as: UTF8.self) else { throw ValueProblem.notValidUTF8 }
            return text
        }
        var out = [UInt8]()
        out.reserveCapacity(inner.count)
        var position = inner.lowerBound
        func hex4(_ at: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 << 4 | (JSONTape.hexValue(bytes[at + $1]) ?? 0) }
        }
        while position < inner.upperBound {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                position += 1
                continue
            }
            let escape = bytes[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(position)
                position += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 5 < inner.upperBound, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                    else {
                        throw ValueProblem.badSurrogate
                    }
                    let low = hex4(position + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw ValueProblem.badSurrogate }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw ValueProblem.badSurrogate
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw ValueProblem.badSurrogate }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: out.append(escape)  // \" \\ \/
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw ValueProblem.notValidUTF8 }
        return text
    }

    /// The number at node `index` as an integer type. A fraction or exponent is refused on a
    /// strict tape, and elsewhere accepted only when exact.
    func integer<T: FixedWidthInteger>(_ index: Int, as type: T.Type) throws -> T {
        let node = nodes[index]
        if !node.flagged {
            var position = Int(node.start)
            let negative = bytes[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            var value: T = 0
            var overflow = false
            while position < Int(node.end) {
                let digit = T(bytes[position] - UInt8(ascii: "0"))
                var step = value.multipliedReportingOverflow(by: 10)
                overflow = overflow || step.overflow
                step = negative ? step.partialValue.subtractingReportingOverflow(digit) : step.partialValue.addingReportingOverflow(digit)
                overflow = overflow || step.overflow
                value = step.partialValue
                position += 1
            }
            guard !overflow else { throw ValueProblem.doesNotFit(numberText(index)) }
            return value
        }
        if strict { throw ValueProblem.notWholeLiteral(numberText(index)) }
        guard let double = Double(numberText(index)), let exact = T(exactly: double) else {
            throw ValueProblem.doesNotFit(numberText(index))
        }
        return exact
    }

    /// The number at node `index` as a `Double`.
    func double(_ index: Int) throws -> Double {
        let node = nodes[index]
        if !node.flagged, node.end - node.start < 16, let small = try? integer(index, as: Int64.self) { return Double(small) }
        guard let value = Double(numberText(index)), value.isFinite else { throw ValueProblem.doesNotFit(numberText(index)) }
        return value
    }

    /// The literal text of the number at node `index`.
    func numberText(_ index: Int) -> String {
        String(decoding: raw(index), as: UTF8.self)
    }
}
