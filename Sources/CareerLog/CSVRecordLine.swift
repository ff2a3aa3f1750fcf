import CareerDomain
import Foundation

/// The CSV import layout: a header row, then one record per line with the columns
/// `id,nip,type,schemaVersion,effectiveDate,decreeNumber,decreeDate,decreeSignedBy,operator,payload`
/// (RFC 4180 quoting; `payload` is exactly one JSON object; the decree columns are empty when
/// the event has none, `operator` when nobody is named). Each row is turned into the JSON Lines
/// form: every cell but `payload` as a JSON string, the payload only once it is checked to be one
/// object, so no cell can add members to the line.
enum CSVRecordLine {
    static let header = [
        "id", "nip", "type", "schemaVersion", "effectiveDate", "decreeNumber", "decreeDate", "decreeSignedBy", "operator", "payload",
    ]

    /// Splits one CSV line into fields (quoted fields may hold commas and doubled quotes).
    static func fields(_ line: Data) throws -> [String] {
        var fields = [String]()
        var current = [UInt8]()
        var quoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < line.endIndex, line[index + 1] == UInt8(ascii: "\"") {
                        current.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else if byte != 0x0D {
                current.append(byte)
            }
            index += 1
        }
        guard !quoted else { throw DomainError(field: "line", rule: "has an unterminated quoted CSV field") }
        fields.append(String(decoding: current, as: UTF8.self))
        return fields
    }

    /// The JSON line for one CSV row.
    static func jsonLine(_ line: Data) throws -> Data {
        let values = try fields(line)
        guard values.count == header.count else {
            throw DomainError(
                field: "line", rule: "a CSV row needs \(header.count) columns (\(header.joined(separator: ","))), got \(values.count)")
        }
        func quoted(_ text: String) -> String {
            var bytes = [UInt8]()
            CanonicalJSONEncoder.writeString(text, into: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let decree =
            values[5].isEmpty && values[6].isEmpty && values[7].isEmpty
            ? "null"
            : "{\"date\":\(quoted(values[6])),\"number\":\(quoted(values[5])),\"signedBy\":\(quoted(values[7]))}"
        var version = ""
        if !values[3].isEmpty {
            guard values[3].utf8.count <= 9, values[3].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                throw DomainError(field: "schemaVersion", rule: "must be an integer")
            }
            version = ",\"schemaVersion\":\(values[3])"
        }
        let payload = values[9].isEmpty ? "{}" : values[9]
        try SubmissionReader.checkObject(Array(payload.utf8), field: "payload")
        let operatorMember = values[8].isEmpty ? "" : ",\"operator\":\(quoted(values[8]))"
        let text =
            "{\"decree\":\(decree),\"effectiveDate\":\(quoted(values[4])),\"id\":\(quoted(values[0])),\"nip\":\(quoted(values[1]))"
            + "\(operatorMember),\"payload\":\(payload)\(version),\"type\":\(quoted(values[2]))}"
        return Data(text.utf8)
    }
}
