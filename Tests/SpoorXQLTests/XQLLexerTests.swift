import SpoorDiagnostics
import Testing

@testable import SpoorXQL

@Suite("XQL lexer")
struct XQLLexerTests {
  func tokens(_ text: String) -> [XQLToken] {
    XQLLexer.tokenize(SourceText(name: "t", text: text)).tokens
  }

  @Test("double-quoted strings are raw: backslashes stay, the literal ends at the next quote")
  func rawStrings() {
    let lexed = tokens(#"x = "\AppData\Local\Temp\" and y = " \\""#)
    let strings = lexed.filter { $0.kind == .string }.map(\.value)
    #expect(strings == [#"\AppData\Local\Temp\"#, #" \\"#])
    #expect(lexed.filter { $0.kind == .string }.allSatisfy { !$0.isTripleQuoted })
  }

  @Test(
    "a backslash-quote closes a string when a string may end there, else it is a quote inside the text",
    arguments: [
      (#"a = "cmd /c \"whoami\"" | b"#, [#"cmd /c "whoami""#]),
      (#"a in ("*\x\", "*\y\") and b contains "\z\" or c = "C:\"// end"#, [#"*\x\"#, #"*\y\"#, #"\z\"#, #"C:\"#]),
      (#"a = "\" AND b = "\" | c = "\"/* x */"#, [#"\"#, #"\"#, #"\"#]),
      (#"a = "say \"no\" to it""#, [#"say "no" to it"#]),
      (#"a = "x\" y""#, [#"x" y"#]),
      // Closing before `]` would leave `]+" | b`, whose quote never closes: the `\"` is a regex class's quote.
      (#"a ~= "https?://[^\s\"]+" | b"#, [#"https?://[^\s"]+"#]),
      // Closing before `]` would leave a backslash outside a string.
      (#"regextract(c, "/tn\s+\"?([^\"]+)\"?"), 0)"#, [#"/tn\s+"?([^"]+)"?"#]),
    ])
  func backslashQuote(_ text: String, _ expected: [String]) {
    #expect(tokens(text).filter { $0.kind == .string }.map(\.value) == expected)
  }

  @Test("!~= is one token")
  func negatedRegex() {
    #expect(
      tokens(#"a !~= "x" != 1"#).map(\.kind) == [.identifier, .notRegexMatch, .string, .notEqual, .number, .endOfInput])
  }

  @Test("a name between backticks is an identifier spelled as its text; a lone backtick is unexpected")
  func backtickNames() {
    let lexed = tokens("filter `_path` = \"conn\" and `my field` != 1")
    #expect(lexed.filter { $0.kind == .identifier }.map(\.text) == ["filter", "_path", "and", "my field"])
    #expect(lexed[1].span == Span(start: 7, end: 14))
    let (_, diagnostics) = XQLLexer.tokenize(SourceText(name: "t", text: "filter a = `x\n"))
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-P003"])
  }

  @Test("triple-quoted strings process escapes; six quotes are the empty string")
  func tripleQuotedStrings() {
    let strings = tokens(#"a = """C:\\Temp\t"x\"""" b = """""""#).filter { $0.kind == .string }
    #expect(strings.map(\.value) == ["C:\\Temp\t\"x\"", ""])
    #expect(strings.allSatisfy { $0.isTripleQuoted })
    // A backslash before the closing quotes, where the string can end, is a backslash; elsewhere `\"` is a quote.
    let paths = tokens(#"a contains """C:\Users\""" and b = """x\"""y""" | c = """\""""#).filter { $0.kind == .string }
    #expect(paths.map(\.value) == [#"C:\Users\"#, #"x"""y"#, "\\"])
  }

  @Test("comments are skipped, durations and operators are tokens")
  func commentsAndOperators() {
    let kinds = tokens("// header\nconfig timeframe = 7d /* note\n */ | filter a ~= \"x\" and b != 1 and c >= 2.5 -> d")
      .map(\.kind)
    #expect(
      kinds == [
        .identifier, .identifier, .equal, .duration, .pipe, .identifier, .identifier, .regexMatch, .string, .identifier,
        .identifier, .notEqual, .number, .identifier, .identifier, .greaterOrEqual, .number, .arrow, .identifier,
        .endOfInput,
      ])
  }

  @Test("unterminated strings and comments are reported at their start")
  func unterminated() {
    let (_, stringDiagnostics) = XQLLexer.tokenize(SourceText(name: "t", text: "filter x = \"abc"))
    #expect(stringDiagnostics.map(\.code.rawValue) == ["XQL-P001"])
    #expect(stringDiagnostics.first?.span.start == 11)
    let (_, commentDiagnostics) = XQLLexer.tokenize(SourceText(name: "t", text: "filter /* x"))
    #expect(commentDiagnostics.map(\.code.rawValue) == ["XQL-P002"])
  }

  @Test("spans are UTF-8 byte offsets")
  func spans() {
    let lexed = tokens("filter x = \"é\" and y")
    #expect(lexed[3].span == Span(start: 11, end: 15))
    #expect(lexed[4].span.start == 16)
  }
}
