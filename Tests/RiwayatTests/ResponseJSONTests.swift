import Testing

@testable import QueryDaemon

@Suite("Response JSON")
struct ResponseJSONTests {
    @Test func valuesAreWrittenCompactlyWithSortedKeysAndAbsentValuesAsNull() {
        let missing: String? = nil
        let object: JSONObject = [
            "b": 1, "a": "x\"y\n", "c": [1.5, 2.0, .nan], "d": missing, "e": RawJSON(text: #"{"k":[1]}"#),
            "f": ["z": true, "y": false], "g": [["n": Int64(7)] as JSONObject], "h": Optional(Int32(3)),
        ]
        let text = String(decoding: ResponseJSON.encode(object), as: UTF8.self)
        #expect(text == #"{"a":"x\"y\n","b":1,"c":[1.5,2,null],"d":null,"e":{"k":[1]},"f":{"y":false,"z":true},"g":[{"n":7}],"h":3}"#)
    }

    @Test func membersCanBeSetAndRemoved() {
        var object: JSONObject = ["a": 1]
        object["b"] = "two"
        object["a"] = nil
        #expect(String(decoding: ResponseJSON.encode(object), as: UTF8.self) == #"{"b":"two"}"#)
    }
}
