import Foundation
import Testing

@testable import SproutNode

@Suite struct GoJSONTests {
    @Test func escapesAsGoDoes() {
        let value = GoJSON.object([("a", .string("<x> & \"y\"\n\u{2028}")), ("b", .null), ("c", .array([.unsigned(1), .integer(-2)]))])
        #expect(value.rendered == #"{"a":"\u003cx\u003e \u0026 \"y\"\n\u2028","b":null,"c":[1,-2]}"#)
    }

    @Test func rawBytesBecomeAGoString() {
        #expect(GoJSON.bytes([0, 0, 0, 0]).rendered == #""\u0000\u0000\u0000\u0000""#)
        #expect(GoJSON.bytes([0x61, 0xFF]).rendered == "\"a\u{FFFD}\"")
    }

    @Test func timesAreRFC3339WithTrimmedFractions() {
        #expect(GoJSON.time(1_711_353_600_000_000).rendered == #""2024-03-25T08:00:00Z""#)
        #expect(GoJSON.time(1_711_353_600_120_000).rendered == #""2024-03-25T08:00:00.12Z""#)
        #expect(GoJSON.time(1_711_353_600_000_001).rendered == #""2024-03-25T08:00:00.000001Z""#)
    }
}

@Suite struct MessageRequestTests {
    func bind(_ text: String) -> Result<MessageRequest, MessageRequest.BindError> {
        Result { () throws(MessageRequest.BindError) in try MessageRequest.bind(Array(text.utf8)) }
    }

    @Test func bindsCaseInsensitiveKeys() throws {
        let request = try bind(#"{"ProjectID":10003,"PROJECTVERSION":"0.1","data":"x","extra":1}"#).get()
        #expect(request == MessageRequest(projectID: 10003, projectVersion: "0.1", data: "x"))
    }

    /// sprout's e2e TestHttpApi/BadRequest expects exactly this message.
    @Test func missingDataGivesTheValidatorsMessage() {
        #expect(bind(#"{"ProjectID":10000,"ProjectVersion":"0.1"}"#) == .failure(.init(message: "Key: 'HandleMessageReq.Data' Error:Field validation for 'Data' failed on the 'required' tag")))
    }

    @Test func everyMissingFieldIsListedInOrder() {
        let expected = ["ProjectID", "ProjectVersion", "Data"].map { "Key: 'HandleMessageReq.\($0)' Error:Field validation for '\($0)' failed on the 'required' tag" }
        #expect(bind(#"{"projectID":0}"#) == .failure(.init(message: expected.joined(separator: "\n"))))
    }

    @Test func decodeErrorsUseGosWording() {
        #expect(bind("") == .failure(.init(message: "EOF")))
        #expect(bind("x") == .failure(.init(message: "invalid character 'x' looking for beginning of value")))
        #expect(bind(#"{"projectID":"1","projectVersion":"0.1","data":"d"}"#)
            == .failure(.init(message: "json: cannot unmarshal string into Go struct field HandleMessageReq.projectID of type uint64")))
        #expect(bind(#"{"projectID":-1,"projectVersion":"0.1","data":"d"}"#)
            == .failure(.init(message: "json: cannot unmarshal number -1 into Go struct field HandleMessageReq.projectID of type uint64")))
        #expect(bind(#"{"projectID":1,"projectVersion":2,"data":"d"}"#)
            == .failure(.init(message: "json: cannot unmarshal number 2 into Go struct field HandleMessageReq.projectVersion of type string")))
    }

    @Test func openAPIDocumentIsValidJSONAndListsEveryRoute() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        #expect(Set(paths.keys) == Set(OpenAPIDocument.paths.keys))
        for (path, methods) in OpenAPIDocument.paths {
            #expect(Set(paths[path]?.keys.map { $0 } ?? []) == Set(methods), "methods of \(path)")
        }
    }
}
