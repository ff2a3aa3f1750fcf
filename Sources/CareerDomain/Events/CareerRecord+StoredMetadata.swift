extension CareerRecord {
    /// Who recorded an event and under which decree, read leniently from a stored metadata
    /// document (`recordedBy`, `decree`): a member that is missing or unreadable is nil, and so is
    /// everything when the document is not JSON.
    public static func storedMetadata(_ bytes: [UInt8]) -> (recordedBy: String?, decree: Decree?) {
        guard let tape = try? JSONTape(bytes) else { return (nil, nil) }
        if let read = try? fastMetadata(tape) { return read }
        // Something the fast path does not expect: read it the `Codable` way.
        let metadata = try? StoredMetadata(from: TapeDecoder(tape: tape, node: 0, parentPath: [], key: nil))
        return (metadata?.recordedBy, metadata?.decree)
    }

    /// The hand-written reading of the usual document; throws `TapeObject.Miss` on anything else.
    static func fastMetadata(_ tape: JSONTape) throws -> (recordedBy: String?, decree: Decree?) {
        let object = try TapeObject(tape: tape, node: 0)
        return (try object.optionalString("recordedBy"), try object.optionalObject("decree").map { try Decree(object: $0) })
    }
}

/// The lenient `Codable` reading of a metadata document, for what the fast path does not expect.
private struct StoredMetadata: Decodable {
    enum CodingKeys: String, CodingKey { case recordedBy, decree }
    var recordedBy: String?
    var decree: Decree?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recordedBy = try? container.decodeIfPresent(String.self, forKey: .recordedBy)
        decree = try? container.decodeIfPresent(Decree.self, forKey: .decree)
    }
}
