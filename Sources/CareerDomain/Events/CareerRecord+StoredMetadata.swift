import Foundation

extension CareerRecord {
    /// Who recorded an event, how, and under which decree, read leniently from a stored metadata
    /// document: a member that is missing or unreadable is nil, and so is everything when the
    /// document is not JSON (events are never changed, so old or odd documents are read as they are).
    public static func storedMetadata(_ bytes: [UInt8]) -> Metadata? {
        guard let tape = try? JSONTape(bytes) else { return nil }
        if let read = try? fastMetadata(tape) { return read }
        // Something the fast path does not expect: read it the `Codable` way.
        return try? StoredMetadata(from: TapeDecoder(tape: tape, node: 0, parentPath: [], key: nil)).metadata
    }

    /// The hand-written reading of the usual document; throws `TapeObject.Miss` on anything else.
    static func fastMetadata(_ tape: JSONTape) throws -> Metadata {
        let object = try TapeObject(tape: tape, node: 0)
        return Metadata(
            recordedBy: try object.optionalString("recordedBy") ?? "",
            decree: try object.optionalObject("decree").map { try Decree(object: $0) },
            source: try object.optionalString("source"), correlationId: try object.optionalString("correlationId"),
            operatorName: try object.optionalString("operator"),
            tokenId: try object.optionalString("tokenId").map { text in
                guard let id = UUID(canonicalText: text) else { throw TapeObject.Miss() }
                return id
            },
            migrated: try object.optionalBool("migrated"))
    }
}

/// The lenient `Codable` reading of a metadata document, for what the fast path does not expect.
private struct StoredMetadata: Decodable {
    enum CodingKeys: String, CodingKey { case recordedBy, decree, source, correlationId, operatorName = "operator", tokenId, migrated }
    var metadata: CareerRecord.Metadata

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = CareerRecord.Metadata(
            recordedBy: (try? container.decodeIfPresent(String.self, forKey: .recordedBy)) ?? "",
            decree: try? container.decodeIfPresent(Decree.self, forKey: .decree),
            source: try? container.decodeIfPresent(String.self, forKey: .source),
            correlationId: try? container.decodeIfPresent(String.self, forKey: .correlationId),
            operatorName: try? container.decodeIfPresent(String.self, forKey: .operatorName),
            tokenId: try? container.decodeIfPresent(UUID.self, forKey: .tokenId),
            migrated: try? container.decodeIfPresent(Bool.self, forKey: .migrated))
    }
}
