import SpoorDiagnostics
import SpoorEngine
import SpoorPlan
import Testing

/// Mistakes PostgreSQL would only report when the query runs are refused at translation, so `--sql` and
/// `validate --offline` catch them too (issue 17.5).
@Suite("Clear translation errors")
struct ClearTranslationErrorsTests {
  static func codes(_ text: String, _ language: QueryLanguage) -> [String] {
    let compilation = Compiler(catalog: .builtIn).compile(
      SourceText(name: "q", text: text), language: language, options: CompileOptions(now: 0))
    #expect(compilation.statement == nil)
    return compilation.diagnostics.filter(\.isError).map(\.code.rawValue)
  }

  @Test("a NUL character in a text literal is refused in both languages")
  func nulInLiterals() {
    #expect(Self.codes(#"DeviceProcessEvents | where ProcessCommandLine == "a\0b""#, .kql) == ["SPOOR-L002"])
    #expect(Self.codes("DeviceProcessEvents | where FileName has_any (\"x\", \"a\\0b\")", .kql) == ["SPOOR-L002"])
    #expect(
      Self.codes("dataset = xdr_data | filter action_process_image_name = \"a\u{0}b\"", .xql) == ["SPOOR-L002"])
  }

  @Test("an invalid regex is refused in both languages, as invalid rather than unsupported")
  func invalidRegex() {
    #expect(Self.codes(#"DeviceProcessEvents | where ProcessCommandLine matches regex "a(""#, .kql) == ["SQL-E001"])
    #expect(Self.codes(#"DeviceProcessEvents | extend x = extract("*a", 0, FileName)"#, .kql) == ["SQL-E001"])
    #expect(Self.codes(#"dataset = xdr_data | filter action_process_image_name ~= "a)""#, .xql) == ["SQL-E001"])
  }
}
