import Foundation
import SpoorTestSupport
import Testing

@testable import SpoorServer

/// The rules the server checks by hand and `openapi/spoor.yaml` states as patterns are the same text.
@Suite struct OpenAPIDocumentTests {
  @Test func queryRequestPatternsAreTheServers() throws {
    let document = try String(contentsOfFile: TestDatabase.packageRoot + "/openapi/spoor.yaml", encoding: .utf8)
    let start = try #require(document.range(of: "\n    QueryRequest:\n"))
    let end = try #require(document.range(of: "\n    ValidateRequest:\n", range: start.upperBound..<document.endIndex))
    let schema = document[start.upperBound..<end.lowerBound]
    func pattern(of field: String) -> String? {
      guard let at = schema.range(of: "\n        \(field):\n") else { return nil }
      let rest = schema[at.upperBound...]
      guard let line = rest.split(separator: "\n").first(where: { $0.contains("pattern:") }) else { return nil }
      return line.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first.map(String.init)
    }
    #expect(pattern(of: "since") == RequestPatterns.since)
    #expect(pattern(of: "timeout") == RequestPatterns.timeout)
    #expect(RequestPatterns.matches("24h", RequestPatterns.since))
    #expect(!RequestPatterns.matches("24h ", RequestPatterns.since))
    #expect(!RequestPatterns.matches("0ms", RequestPatterns.timeout))
    #expect(!RequestPatterns.matches("99ms", RequestPatterns.timeout))
    #expect(
      RequestPatterns.matches("100ms", RequestPatterns.timeout)
        && RequestPatterns.matches("1s", RequestPatterns.timeout))
  }
}
