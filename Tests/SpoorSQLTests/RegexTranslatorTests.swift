import SpoorSQL
import Testing

@Suite("RE2 to ARE translation")
struct RegexTranslatorTests {
  /// RE2 input and the ARE pattern it must become.
  static let translations: [(String, String)] = [
    ("abc", "abc"),
    ("\\bcmd\\.exe\\b", "\\ycmd\\.exe\\y"),
    ("\\Bx\\B", "\\Yx\\Y"),
    ("\\Aab\\z", "\\Aab\\Z"),
    ("a.c", "a[^\\n]c"),
    ("(?s)a.c", "a.c"),
    (
      "(?i)\\\\windows\\\\system32\\\\[a-z0-9]{8}\\.tmp$",
      "(?i)\\\\windows\\\\system32\\\\[a-z0-9]{8}\\.tmp$"
    ),
    ("(?m)^x$", "(?w)^x$"),
    ("(?im)^x", "(?iw)^x"),
    ("(?P<name>\\d+)-(?<other>\\w+)", "(\\d+)-(\\w+)"),
    ("(?:ab)+", "(?:ab)+"),
    ("\\x41B", "\\u0041B"),
    ("\\x{1F600}", "\\U0001F600"),
    ("\\Q1+1=2\\E!", "1\\+1\\=2!"),
    ("a{2,3}b{,4}c{", "a{2,3}b\\{,4}c\\{"),
    ("[\\d\\s_.-]+", "[\\d\\s_.-]+"),
    ("[[:alpha:]]+", "[[:alpha:]]+"),
    // No `:]` follows: RE2 reads the `[` as a literal member of the class.
    ("[^[:ascii]]", "[^\\[:ascii]]"),
    ("[]a]", "[]a]"),
    ("[^]a]", "[^]a]"),
    ("x*?y+?", "x*?y+?"),
    ("\\t\\n\\/", "\\t\\n\\/"),
    ("\\\\[^\\\\]{1,256}$", "\\\\(?:[^\\\\]{1,255}[^\\\\]{0,1})$"),
    ("a{600}?", "(?:a{255}?a{255}?a{90}?)"),
    ("(?:ab){300,}", "(?:(?:ab){255}(?:ab){45,})"),
    // Inline flags after the start: case-insensitivity spelled out, to the end of the enclosing group.
    ("a(?i)b", "a[bB]"),
    ("(?i:ab)c", "(?:[aA][bB])c"),
    ("x(?i)[a-c_]+", "x[a-cA-C_]+"),
    ("(a(?i)b)c", "(a[bB])c"),
    ("x(?i)[^[:digit:]Q]", "x[^[:digit:]Qq]"),
    ("(?i)a(?i:b)", "(?i)a(?:b)"),
    ("a(?s).", "a."),
    ("(?s:.).", "(?:.)[^\\n]"),
  ]

  @Test("translates", arguments: translations)
  func translates(_ re2: String, _ are: String) throws {
    #expect(try RegexTranslator.postgresPattern(fromRE2: re2) == are)
  }

  /// RE2 (or Kusto's newer engine) features ARE cannot express, and words the error must mention.
  static let unsupported: [(String, String)] = [
    ("\\pL+", "Unicode class"),
    ("\\p{Greek}", "Unicode class"),
    ("[\\PL]", "Unicode class"),
    ("a(?-i)b", "inline regex flag '-'"),
    ("a(?m)^b", "inline regex flag 'm'"),
    ("a(?i)[0-z]", "the range '0-z'"),
    ("a(?i)\\x41", "under an inline '(?i)'"),
    ("(?U)a+", "flag 'U'"),
    ("(?x)a b", "flag 'x'"),
    ("(?=a)", "look-ahead"),
    ("(?!a)", "look-ahead"),
    ("(?<=a)b", "look-behind"),
    ("(?<!a)b", "look-behind"),
    ("(a)\\1", "back-reference"),
    ("[a-z&&[^x]]", "class set operation"),
    ("[a-z--x]", "class set operation"),
    ("[[a-z]]", "nested character class"),
    ("[\\D]", "inside a character class"),
    ("\\C", "escape"),
    ("a++", "possessive"),
    ("[abc", "unterminated"),
    ("abc\\", "trailing backslash"),
    ("(a){256}", "capturing group"),
  ]

  @Test("reports what ARE cannot do", arguments: unsupported)
  func rejects(_ re2: String, _ words: String) {
    #expect {
      _ = try RegexTranslator.postgresPattern(fromRE2: re2)
    } throws: { error in
      guard let error = error as? RegexTranslationError else { return false }
      return error.message.contains(words)
    }
  }

  /// Patterns that are not RE2 at all, and words the error must mention: refused at translation as invalid,
  /// not sent to PostgreSQL to fail at run time.
  static let invalid: [(String, String)] = [
    ("a(", "missing ')'"),
    ("(a|b", "missing ')'"),
    ("a)", "unmatched ')'"),
    ("*a", "missing argument to repetition operator '*'"),
    ("(+a)", "missing argument to repetition operator '+'"),
    ("a|?", "missing argument to repetition operator '?'"),
    ("{2}a", "missing argument to repetition operator '{'"),
    ("a**", "repetition operator after a repetition"),
    ("a{2}*", "repetition operator after a repetition"),
    ("a*?+", "repetition operator after a repetition"),
  ]

  @Test("refuses invalid RE2 as invalid, naming the mistake", arguments: invalid)
  func refusesInvalid(_ re2: String, _ words: String) {
    #expect {
      _ = try RegexTranslator.postgresPattern(fromRE2: re2)
    } throws: { error in
      guard let error = error as? RegexTranslationError else { return false }
      return error.isInvalidPattern && error.message.contains(words)
    }
  }

  @Test("valid quantifiers stay valid", arguments: ["a*?b+?c??", "(ab)+", "^*$", "(?:a){2}b{1,3}?", "a|b*"])
  func acceptsValidQuantifiers(_ re2: String) throws {
    _ = try RegexTranslator.postgresPattern(fromRE2: re2)
  }
}
