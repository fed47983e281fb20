import Testing

@testable import SpoorSQL

@Suite("RE2 rewrites")
struct RegexRewriteTests {
  /// A rewrite, its parts, and the same rewrite in PostgreSQL's `regexp_replace` form.
  static let rewrites: [(String, [RegexRewrite.Part], String)] = [
    (#"\2-\1"#, [.group(2), .text("-"), .group(1)], #"\2-\1"#),
    (#"<\0>\\"#, [.text("<"), .group(0), .text(#">\"#)], #"<\&>\\"#),
    // `\12` is group 1 then `2`; a backslash before anything else, or at the end, stays literal.
    (#"\12"#, [.group(1), .text("2")], #"\12"#),
    (#"a\&b\"#, [.text(#"a\&b\"#)], #"a\\&b\\"#),
    ("", [], ""),
  ]

  @Test("parts and PostgreSQL form", arguments: rewrites)
  func parts(_ rewrite: String, _ parts: [RegexRewrite.Part], _ postgres: String) {
    #expect(RegexRewrite.parts(rewrite) == parts)
    #expect(RegexRewrite.postgres(parts) == postgres)
  }
}
