/// The checks on a payload as submitted, against what its type made of it: every member the
/// client sent must be one the type knows (nothing is silently dropped), and every text is
/// bounded (`FieldLimits`).
enum PayloadCheck {
    /// Compares the submitted value at `input` with the canonical encoding of what was decoded
    /// from it (`output`, root node 0): returns the path to the first member the type did not
    /// take (a member with a `null` value counts as absent), or nil.
    static func unknownMember(_ input: JSONTape, _ inputNode: Int, in output: JSONTape, _ outputNode: Int = 0) -> [String]? {
        let submitted = input.nodes[inputNode]
        let kept = output.nodes[outputNode]
        switch (submitted.kind, kept.kind) {
        case (.object, .object):
            var keyNode = inputNode + 1
            for _ in 0..<submitted.count {
                let valueNode = keyNode + 1
                let name = (try? input.string(keyNode)) ?? ""
                if input.nodes[valueNode].kind != .null {
                    guard let counterpart = output.member(of: outputNode, named: name) else { return [name] }
                    if let inner = unknownMember(input, valueNode, in: output, counterpart) { return [name] + inner }
                }
                keyNode = Int(input.nodes[valueNode].next)
            }
            return nil
        case (.array, .array):
            var element = inputNode + 1
            var counterpart = outputNode + 1
            for index in 0..<Int(min(submitted.count, kept.count)) {
                if let inner = unknownMember(input, element, in: output, counterpart) { return [String(index)] + inner }
                element = Int(input.nodes[element].next)
                counterpart = Int(output.nodes[counterpart].next)
            }
            return nil
        default:
            return nil
        }
    }

    /// The first text in the canonical document that `FieldLimits` refuses: its path and the rule.
    static func limitProblem(in tape: JSONTape, node: Int = 0, key: String = "") -> (path: [String], rule: String)? {
        let value = tape.nodes[node]
        switch value.kind {
        case .string:
            guard let text = try? tape.string(node) else { return ([], "is not valid text") }
            return FieldLimits.problem(with: text, key: key).map { ([], $0) }
        case .object:
            var keyNode = node + 1
            for _ in 0..<value.count {
                let name = (try? tape.string(keyNode)) ?? ""
                if let problem = limitProblem(in: tape, node: keyNode + 1, key: name) { return ([name] + problem.path, problem.rule) }
                keyNode = Int(tape.nodes[keyNode + 1].next)
            }
            return nil
        case .array:
            var element = node + 1
            for index in 0..<Int(value.count) {
                if let problem = limitProblem(in: tape, node: element, key: key) { return ([String(index)] + problem.path, problem.rule) }
                element = Int(tape.nodes[element].next)
            }
            return nil
        default:
            return nil
        }
    }
}
