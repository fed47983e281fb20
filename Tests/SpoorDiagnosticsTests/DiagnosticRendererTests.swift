import Testing

@testable import SpoorDiagnostics

@Suite struct DiagnosticRendererTests {
  @Test func rendersLineColumnAndCaret() {
    let source = SourceText(name: "hunt.kql", text: "DeviceProcessEvents\n| where FileNme == 'a'")
    let start = Array(source.text.utf8).firstIndex(of: UInt8(ascii: "F"))!
    let diagnostic = Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-001"), message: "unknown column 'FileNme'",
      span: Span(start: start, end: start + 7), help: "did you mean 'FileName'?")
    #expect(
      DiagnosticRenderer().render(diagnostic, in: source) == """
        hunt.kql:2:9: error[BIND-001]: unknown column 'FileNme'
        2 | | where FileNme == 'a'
          |         ^~~~~~~
        help: did you mean 'FileName'?
        """)
  }

  @Test func countsColumnsInCharactersAndExpandsTabs() {
    let source = SourceText(name: "q", text: "\té == x")
    let offset = Array(source.text.utf8).firstIndex(of: UInt8(ascii: "x"))!
    let diagnostic = Diagnostic(category: .syntax, code: DiagnosticCode("T"), message: "m", span: .at(offset))
    let rendered = DiagnosticRenderer().render(diagnostic, in: source)
    #expect(rendered.hasPrefix("q:1:7: error[T]: m"))
    #expect(rendered.contains("1 |     é == x\n  |          ^"))
  }

  @Test func suggestsClosestNames() {
    #expect(NameSuggester.suggestions(for: "FileNme", among: ["FileName", "FolderPath", "SHA1"]) == ["FileName"])
    #expect(NameSuggester.suggestions(for: "filename", among: ["FileName", "FileNames"]) == ["FileName"])
    #expect(NameSuggester.suggestions(for: "zzzzzz", among: ["FileName"]).isEmpty)
  }
}
