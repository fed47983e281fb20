import Foundation
import SpoorDiagnostics
import Testing

@testable import SpoorXQL

/// The XQL function table: its generated document, and the binder's use of it.
@Suite("XQL function table")
struct XQLFunctionTableTests {
  static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/xql-functions.md")

  @Test("docs/xql-functions.md is the table's rendering")
  func documentMatchesTable() throws {
    let expected = XQLFunctions.markdown()
    if ProcessInfo.processInfo.environment["SPOOR_UPDATE_GOLDENS"] == "1" {
      try FileManager.default.createDirectory(
        at: Self.document.deletingLastPathComponent(), withIntermediateDirectories: true)
      try expected.write(to: Self.document, atomically: true, encoding: .utf8)
    }
    let actual = try String(contentsOf: Self.document, encoding: .utf8)
    #expect(actual == expected, "run the XQL function table tests with SPOOR_UPDATE_GOLDENS=1 and review the diff")
  }

  @Test("names are lowercase and unique per kind, sorted within their kind")
  func names() {
    for kind in [XQLFunction.Kind.scalar, .aggregate] {
      let names = XQLFunctions.all.filter { $0.kind == kind }.map(\.name)
      #expect(names == names.sorted())
      #expect(Set(names).count == names.count)
      #expect(names.allSatisfy { $0 == $0.lowercased() })
    }
  }

  func diagnostics(_ xql: String) -> [Diagnostic] {
    XQLTranslator.bind(SourceText(name: "t", text: xql), catalog: .builtIn).diagnostics
  }

  @Test(
    "an unsupported function is refused at its name with the table's reason",
    arguments: XQLFunctions.all.filter { $0.status != .translated })
  func refusals(_ function: XQLFunction) {
    let arguments = Array(repeating: "agent_hostname", count: min(function.arity.lowerBound, 3)).joined(separator: ", ")
    let xql =
      function.kind == .scalar
      ? "dataset = xdr_data | alter x = \(function.name)(\(arguments))"
      : "dataset = xdr_data | comp \(function.name)(agent_id) as x"
    guard case .unsupported(let reason) = function.status else { return }
    let found = diagnostics(xql)
    #expect(found.map(\.code.rawValue) == ["XQL-U002"], "\(xql)")
    #expect(found.first?.message.hasSuffix(reason) == true)
    #expect(found.first.map { xql.utf8.dropFirst($0.span.start).starts(with: function.name.utf8) } == true)
  }

  @Test(
    "capture groups are counted as RE2 does: not escaped, not in a class, (?P<name> counts, (?: does not",
    arguments: [
      ("a(b)c", 1), (#"a\(b\)"#, 0), ("[(]x", 0), ("(?:a)(b)", 1), ("(?P<n>a)", 1), ("(?i)abc", 0), ("(a)(b)", 2),
      ("[]()]", 0),
    ])
  func captureGroups(_ pattern: String, _ count: Int) {
    #expect(XQLBinder.captureGroupCount(pattern) == count)
  }

  @Test("regextract refuses a pattern with two capture groups, as Cortex does")
  func regextractGroups() {
    let found = diagnostics(#"dataset = xdr_data | alter x = regextract(agent_hostname, "(a)(b)")"#)
    #expect(found.map(\.code.rawValue) == ["XQL-B006"])
  }

  @Test("a wrong argument count is reported with the table's arity")
  func arity() {
    let found = diagnostics("dataset = xdr_data | alter x = replace(agent_hostname, \"a\")")
    #expect(found.map(\.message) == ["'replace' takes 3 arguments, found 2"])
  }
}
