/// A payload with a hand-written reader beside its `Codable` one: the kinds that make up most
/// of a log (ratings, training, credit points, awards, promotions, assessments) and those that
/// carry a post (appointments, assignments, transfers). The reader must
/// give exactly the value `Codable` gives, or throw `TapeObject.Miss` (a test compares the two
/// over a generated workforce).
protocol TapeObjectDecodable: Decodable {
    init(object: TapeObject) throws
}

extension TapeObjectDecodable {
    /// The value at `node`: the hand-written reader first, `Codable` for anything it does not
    /// expect (which accepts it after all or throws the `DecodingError` naming the field).
    static func decode(tape: JSONTape, node: Int) throws -> Self {
        if let object = try? TapeObject(tape: tape, node: node), let value = try? Self(object: object) { return value }
        return try Self(from: TapeDecoder(tape: tape, node: node, parentPath: [], key: nil))
    }
}

extension Period: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(start: try object.date("start"), end: try object.date("end"))
    }
}

extension Decree: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(number: try object.string("number"), date: try object.date("date"), signedBy: try object.string("signedBy"))
    }
}

extension TrainingCompleted: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(
            name: try object.string("name"), kind: try object.value("kind"), hours: try object.int("hours"),
            organiser: try object.string("organiser"), certificate: try object.optionalString("certificate"),
            period: try Period(object: object.object("period")), competencies: try object.optionalStrings("competencies"))
    }
}

extension PerformanceRated: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(
            year: try object.int("year"), results: try object.optionalValue("results"), behaviour: try object.optionalValue("behaviour"),
            predikat: try object.value("predikat"), legacyScore: try object.optionalDouble("legacyScore"),
            appraiser: try object.nip("appraiser"))
    }
}

extension CreditPointsAwarded: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(points: try object.double("points"), year: try object.int("year"))
    }
}

extension AwardGranted: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(name: try object.string("name"))
    }
}

extension GradePromoted: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(from: try object.grade("from"), to: try object.grade("to"), kind: try object.value("kind"))
    }
}

extension TalentAssessed: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(performance: try object.value("performance"), potential: try object.value("potential"))
    }
}

extension OrgUnit: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(unit: try object.string("unit"), agency: try object.string("agency"))
    }
}

extension Post: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(
            title: try object.string("title"), kind: try object.value("kind"), level: try object.optionalValue("level"),
            echelon: try object.optionalString("echelon"), org: try OrgUnit(object: object.object("org")),
            retirementAge: try object.optionalInt("retirementAge"))
    }
}

extension CpnsAppointed: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(grade: try object.grade("grade"), post: try Post(object: object.object("post")), education: try object.value("education"))
    }
}

extension PostAssigned: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(post: try Post(object: object.object("post")), assignment: try object.value("assignment"))
    }
}

extension Transferred: TapeObjectDecodable {
    init(object: TapeObject) throws {
        self.init(from: try OrgUnit(object: object.object("from")), to: try OrgUnit(object: object.object("to")))
    }
}
