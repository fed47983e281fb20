import SpoorDiagnostics
import Testing

@testable import SpoorKQL

@Suite("KQL lexer")
struct KQLLexerTests {
  static func kinds(_ text: String) -> [TokenKind] {
    KQLLexer.tokenize(SourceText(name: "q", text: text)).map(\.kind)
  }

  @Test func decodesBackslashEscapesInBothQuoteStyles() {
    #expect(
      Self.kinds(#""C:\\Windows\\" 'it\'s' "tab\there" "\u0041""#) == [
        .string(#"C:\Windows\"#), .string("it's"), .string("tab\there"), .string("A"), .end,
      ])
  }

  @Test("Kusto's wide whitespace separates tokens: no-break spaces, Unicode spaces, a byte order mark")
  func skipsWideWhitespace() {
    let text = "\u{FEFF}T\u{00A0}|\u{2009}where\u{202F}é\u{3000}==\u{200B}'a\u{00A0}b'\u{000C}x\u{1680}y\u{205F}z"
    #expect(
      Self.kinds(text) == [
        .identifier("T"), .symbol("|"), .identifier("where"), .identifier("é"), .symbol("=="),
        .string("a\u{00A0}b"), .identifier("x"), .identifier("y"), .identifier("z"), .end,
      ])
  }

  @Test func keepsVerbatimStringsLiteral() {
    #expect(
      Self.kinds(#"@"C:\Temp\" @'say ''hi''' h"secret" H@'x\y'"#) == [
        .string(#"C:\Temp\"#), .string("say 'hi'"), .string("secret"), .string(#"x\y"#), .end,
      ])
  }

  @Test func readsNumbersAndTimespans() {
    #expect(
      Self.kinds("42 1.5 1e3 0x1F 1d 1.5h 30m 10s 100ms 2microseconds 10tick") == [
        .long(42), .real(1.5), .real(1000), .long(31), .timespan(microseconds: 86_400_000_000),
        .timespan(microseconds: 5_400_000_000), .timespan(microseconds: 1_800_000_000),
        .timespan(microseconds: 10_000_000), .timespan(microseconds: 100_000),
        .timespan(microseconds: 2),
        .timespan(microseconds: 1), .end,
      ])
  }

  @Test func rejectsWeeksWhichKustoDoesNotHave() {
    #expect(Self.kinds("2w") == [.invalid("unknown timespan unit 'w'"), .end])
  }

  @Test func readsTypedLiteralsAsOneToken() {
    #expect(
      Self.kinds("datetime(2024-01-01 10:15:00.5) timespan(1.02:03:04) datetime('2007-04-07')") == [
        .typedLiteral(typeName: "datetime", text: "2024-01-01 10:15:00.5"),
        .typedLiteral(typeName: "timespan", text: "1.02:03:04"),
        .typedLiteral(typeName: "datetime", text: "2007-04-07"), .end,
      ])
  }

  @Test func readsOperatorWordsAndSymbols() {
    #expect(
      Self.kinds("a !contains b !in~ c in~ d =~ e !~ f != g .. $left.x | project-away mv-expand")
        == [
          .identifier("a"), .identifier("!contains"), .identifier("b"), .identifier("!in~"),
          .identifier("c"),
          .identifier("in~"), .identifier("d"), .symbol("=~"), .identifier("e"), .symbol("!~"),
          .identifier("f"),
          .symbol("!="), .identifier("g"), .symbol(".."), .identifier("$left"), .symbol("."),
          .identifier("x"),
          .symbol("|"), .identifier("project-away"), .identifier("mv-expand"), .end,
        ])
  }

  @Test func keepsMinusBetweenOrdinaryWords() {
    #expect(Self.kinds("a-b") == [.identifier("a"), .symbol("-"), .identifier("b"), .end])
  }

  @Test func skipsCommentsAndTracksByteSpans() {
    let source = SourceText(name: "q", text: "// héllo\nT // trailing\n| take 1")
    let tokens = KQLLexer.tokenize(source)
    #expect(
      tokens.map(\.kind) == [.identifier("T"), .symbol("|"), .identifier("take"), .long(1), .end])
    #expect(source.slice(tokens[0].span) == "T")
    let location = source.location(of: tokens[2].span.start)
    #expect(location.line == 3 && location.column == 3)
  }

  @Test func reportsUnterminatedStrings() {
    #expect(Self.kinds("\"abc") == [.invalid("unterminated string literal"), .end])
    #expect(Self.kinds("'abc\n'").first == .invalid("unterminated string literal"))
  }
}
