import Testing

@testable import SpoorEngine

/// The count that decides whether a query is translated on a large stack.
@Suite("Nesting characters")
struct NestingCharactersTests {
  @Test(
    "brackets, pipes, arithmetic, member access and ';' count, in any text, once each",
    arguments: [
      ("", 0), ("abc", 0), ("a(b)[c]{d}", 2), ("|+-*/%.;", 8), ("é(ü)|∗.", 3), ("\"a.b\" | x", 2),
      (String(repeating: "(x) ", count: 300), 300),
    ])
  func counts(_ text: String, _ expected: Int) {
    #expect(Compiler.nestingCharacters(in: text) == expected)
  }

  @Test("a bridged or non-contiguous string counts the same")
  func substringText() {
    let text = String("xx(a.b)|c"[...])
    #expect(Compiler.nestingCharacters(in: text) == 3)
  }
}
