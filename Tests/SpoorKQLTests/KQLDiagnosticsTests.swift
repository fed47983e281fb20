import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import Testing

/// Binding errors: exact rendered text with `line:col`, caret and "did you mean".
@Suite("KQL diagnostics")
struct KQLDiagnosticsTests {
  static func render(_ text: String) -> String {
    let source = SourceText(name: "hunt.kql", text: text)
    let bound = KQLTranslator.bind(source, catalog: .builtIn)
    return DiagnosticRenderer().render(bound.diagnostics, in: source)
  }

  static func diagnostics(_ text: String) -> [Diagnostic] {
    KQLTranslator.bind(SourceText(name: "hunt.kql", text: text), catalog: .builtIn).diagnostics
  }

  @Test func unknownColumnPointsAtItAndSuggests() {
    #expect(
      Self.render("DeviceProcessEvents\n| where FileNme =~ \"cmd.exe\"") == """
        hunt.kql:2:9: error[BIND-001]: unknown column 'FileNme' in DeviceProcessEvents
        2 | | where FileNme =~ "cmd.exe"
          |         ^~~~~~~
        help: did you mean 'FileName'?
        """)
  }

  @Test func unknownTableSuggestsCatalogTables() {
    #expect(
      Self.render("DeviceProcesEvents | take 1") == """
        hunt.kql:1:1: error[BIND-002]: unknown table 'DeviceProcesEvents'
        1 | DeviceProcesEvents | take 1
          | ^~~~~~~~~~~~~~~~~~
        help: did you mean 'DeviceProcessEvents'?
        """)
  }

  @Test func syntaxErrorNamesWhatWasExpectedInOneLine() {
    #expect(
      Self.render("DeviceProcessEvents | where FileName in (\"a\", \"b\"") == """
        hunt.kql:1:50: error[KQL-P002]: expected ')' or ',' in the list, found the end of the query
        1 | DeviceProcessEvents | where FileName in ("a", "b"
          |                                                  ^
        """)
  }

  @Test func oneTypoGivesOneError() {
    let found = Self.diagnostics(
      "DeviceProcessEvents | extend x = tolower(FileNme) | where x == 'a' and x != 'b'")
    #expect(found.map(\.code.rawValue) == ["BIND-001"])
    let unknownTable = Self.diagnostics("Nope | where A == 1 | project B, C")
    #expect(unknownTable.map(\.code.rawValue) == ["BIND-002"])
  }

  @Test func unknownFunctionSuggests() {
    let found = Self.diagnostics("DeviceProcessEvents | where tolowr(FileName) == 'a'")
    #expect(found.first?.message == "unknown function 'tolowr'")
    #expect(found.first?.help == "did you mean 'tolower'?")
  }

  @Test func typeErrorsAreReported() {
    let found = Self.diagnostics("DeviceProcessEvents | where FileSize > 'big'")
    #expect(found.map(\.message) == ["cannot compare long with string using '>'"])
    #expect(
      Self.diagnostics("DeviceProcessEvents | where FileName").map(\.code.rawValue) == ["BIND-005"])
  }

  @Test(arguments: [
    ("DeviceProcessEvents | evaluate autocluster()", "the 'autocluster' plugin"),
    ("print array_shift_left(dynamic([1]), 1)", "array_shift_left without a fill value"),
    ("externaldata(x:string) [@'abfss://c@a.dfs.core.windows.net/x.csv']", "externaldata from 'abfss' storage"),
    (
      "externaldata(x:string) [@'https://example.com/x.parquet'] with (format='parquet')",
      "externaldata format 'parquet'"
    ),
    ("externaldata(x:string) [@'x.csv'] with (ingestionMapping='[]')", "externaldata's ingestionMapping"),
    (
      "DeviceProcessEvents | make-series kind=nonempty count() on Timestamp step 1h",
      "make-series kind=nonempty without 'from' and 'to'"
    ),
    ("DeviceProcessEvents | extend x = hash_xxhash64(FileName)", "function 'hash_xxhash64'"),
  ])
  func unsupportedConstructsAreNamed(_ text: String, _ feature: String) {
    let found = Self.diagnostics(text)
    #expect(found.count == 1)
    #expect(found.first?.category == .unsupported)
    #expect(
      found.first?.message.hasPrefix(feature + " is not supported") == true,
      "\(found.map(\.message))")
  }

  @Test(arguments: [
    (
      "externaldata(x:string, y:long) [@'a.txt'] with (format='txt')",
      "the txt format gives each line as one column; declare exactly one (not 2)"
    ),
    // A bare name is the property's text (Kusto.Language's ExternalDataWithClausePropertyValue takes a name).
    (
      "externaldata(x:string) [@'a.csv'] with (format=csvx)",
      "externaldata format 'csvx' is not supported: it cannot be translated to PostgreSQL faithfully"
    ),
    (
      "externaldata(x:string) [@'a.csv'] with (ignoreFirstRecord='yes')",
      "externaldata's 'ignoreFirstRecord' must be a constant"
    ),
    (
      "externaldata(x:string) [@'a.csv'] with (compressed=true)",
      "unknown externaldata property 'compressed' (Spoor knows format, ignoreFirstRecord and ingestionMapping)"
    ),
    ("externaldata(x:string) []", "externaldata names no storage address"),
    ("externaldata(x:strng) ['a.csv']", "unknown type 'strng'"),
  ])
  func externalDataMistakesAreErrors(_ text: String, _ message: String) {
    #expect(Self.diagnostics(text).map(\.message) == [message])
  }

  @Test func renderIsANoteAndTheQueryStillTranslates() {
    let bound = KQLTranslator.bind(
      SourceText(name: "q", text: "DeviceInfo | render piechart"), catalog: .builtIn)
    #expect(bound.plan != nil)
    #expect(bound.diagnostics.map(\.severity) == [.note])
  }

  @Test func aggregatesOutsideSummarizeAreErrors() {
    let found = Self.diagnostics("DeviceProcessEvents | extend c = count()")
    #expect(found.map(\.message) == ["aggregate function 'count' can only be used in summarize"])
  }
}
