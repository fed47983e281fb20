import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import Testing

/// The function table: `docs/kql-functions.md` equals its rendering, and the binder answers from it.
@Suite("KQL function table")
struct KQLFunctionTableTests {
  static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/kql-functions.md")

  static func diagnostics(_ text: String) -> [Diagnostic] {
    KQLTranslator.bind(SourceText(name: "hunt.kql", text: text), catalog: .builtIn).diagnostics
  }

  /// `SPOOR_UPDATE_GOLDENS=1` rewrites the document from the table; otherwise they must be equal.
  @Test func documentEqualsTheTable() throws {
    if ProcessInfo.processInfo.environment["SPOOR_UPDATE_GOLDENS"] == "1" {
      try KQLFunction.markdown.write(to: Self.document, atomically: true, encoding: .utf8)
    }
    let written = try String(contentsOf: Self.document, encoding: .utf8)
    #expect(
      written == KQLFunction.markdown,
      "docs/kql-functions.md differs from the function table; run SPOOR_UPDATE_GOLDENS=1 swift test --filter KQLFunctionTableTests"
    )
  }

  @Test func namesAreUniqueAndAliasesNameKnownFunctions() {
    var seen: Set<String> = []
    for function in KQLFunction.all {
      #expect(seen.insert(function.name).inserted, "\(function.name) is listed twice")
      if let target = function.aliasOf {
        #expect(KQLFunction.named(target) != nil, "\(function.name) stands for unknown \(target)")
      }
      #expect(function.isTranslated == (function.parameters != ""), "\(function.name): signature iff translated")
    }
  }

  @Test func coversKustosWholeScalarList() {
    // Kusto's list has about 300 scalar functions; every group of it is present.
    #expect(KQLFunction.all.count >= 300)
    for category in KQLFunction.Category.allCases {
      #expect(KQLFunction.all.contains { $0.category == category }, "no \(category.rawValue)")
    }
  }

  @Test func refusalGivesTheTablesReason() throws {
    let found = Self.diagnostics("DeviceProcessEvents | extend h = hash(FileName)")
    #expect(found.count == 1)
    let diagnostic = try #require(found.first)
    #expect(diagnostic.code == DiagnosticCode("KQL-U001"))
    #expect(diagnostic.message.hasPrefix("function 'hash' is not supported"))
    #expect(diagnostic.notes.contains { $0.contains("xxHash64") })
  }

  @Test func argumentCountComesFromTheTable() throws {
    let found = Self.diagnostics("DeviceProcessEvents | extend h = string_size(FileName, 1)")
    #expect(found.map(\.message) == ["function 'string_size' expects 1 argument(s), got 2"])
  }

  @Test func unknownFunctionSuggestsTranslatedNames() throws {
    let found = Self.diagnostics("DeviceProcessEvents | extend h = hash_sha265(FileName)")
    #expect(found.first?.help == "did you mean 'hash_sha256'?")
  }

  @Test func defenderNetworkFunctionMistakesAreDiagnosed() {
    #expect(
      Self.diagnostics("AssignedIPAddresses()").map(\.message)
        == ["function 'AssignedIPAddresses' expects 1 or 2 argument(s), got 0"])
    #expect(
      Self.diagnostics("AssignedIPAddresses('d1', 'yesterday')").map(\.message)
        == ["the time argument must be a datetime"])
    #expect(
      Self.diagnostics("datatable(Address: string) ['10.0.0.1'] | invoke DeviceFromIP()").map(\.message)
        == ["unknown column 'IP' in datatable"])
  }
}
