import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorSQL
import Testing

@Suite("PostgresEmitter behaviour")
struct EmitterBehaviourTests {
  typealias F = PlanFixtures

  /// The seed's trap: a Windows path with backslashes, `%` and `_` must match literally under LIKE.
  static let likeTraps: [(ScalarFunction, String, String)] = [
    (.startsWith(caseSensitive: false), "C:\\Program Files\\", "C:\\\\Program Files\\\\%"),
    (.contains(caseSensitive: false), "100%", "%100\\%%"),
    (.endsWith(caseSensitive: true), "a_b", "%a\\_b"),
    (.contains(caseSensitive: true), "\\\\server\\share", "%\\\\\\\\server\\\\share%"),
    (.wildcardMatch(caseSensitive: false), "*\\svc_host*.exe", "%\\\\svc\\_host%.exe"),
  ]

  @Test("LIKE patterns escape backslash, percent and underscore in the bind", arguments: likeTraps)
  func likeEscaping(_ function: ScalarFunction, _ pattern: String, _ bound: String) throws {
    let plan = Relation.filter(
      .scan(F.events), F.predicate(function, F.string("FolderPath"), F.text(pattern)))
    let statement = try #require(F.emit(plan).statement)
    #expect(statement.parameters == [.string(bound)])
    #expect(!statement.text.contains(pattern))
  }

  @Test("a 5,000-term left-deep or chain is emitted without recursion per term")
  func longOrChain() throws {
    var chain = F.predicate(.equal, F.string("FileName"), F.text("f0"))
    for index in 1..<5_000 {
      chain = .call(
        .or, [chain, F.predicate(.equal, F.string("FileName"), F.text("f\(index)"))], type: .bool)
    }
    let result = F.emit(.filter(.scan(F.events), chain))
    let statement = try #require(result.statement)
    #expect(statement.parameters.count == 5_000)
    #expect(statement.parameters.last == .string("f4999"))
    #expect(
      statement.text.hasSuffix(
        "WHERE \"FileName\" = $1::text OR "
          + (2...5_000).map { "\"FileName\" = $\($0)::text" }.joined(separator: " OR ")))
  }

  @Test("long in-lists bind one text array")
  func longInList() throws {
    let names = (0..<2_000).map { "Name\($0).exe" }
    let plan = Relation.filter(
      .scan(F.events),
      .call(.inList(caseSensitive: true), [F.string("FileName")] + names.map(F.text), type: .bool))
    let statement = try #require(F.emit(plan).statement)
    #expect(statement.parameters == [.stringList(names)])
    #expect(statement.text.hasSuffix("WHERE \"FileName\" = ANY($1::text[])"))
  }

  @Test("identifiers are quoted with embedded quotes doubled")
  func quoting() throws {
    let table = Table(
      schema: "my\"schema", name: "we\"ird", columns: [Column(name: "a\"b", type: .string)])
    let statement = try #require(F.emit(.scan(table)).statement)
    #expect(statement.text == "SELECT \"a\"\"b\" FROM \"my\"\"schema\".\"we\"\"ird\"")
  }

  @Test("the row cap is an outer LIMIT bind, combined with the query's own")
  func rowCap() throws {
    let capped = try #require(F.emit(.scan(F.events), rowLimit: 101).statement)
    #expect(capped.text.hasSuffix("FROM \"public\".\"DeviceProcessEvents\" LIMIT $1::bigint"))
    #expect(capped.parameters == [.long(101)])
    let both = try #require(F.emit(.limit(.scan(F.events), count: 5), rowLimit: 101).statement)
    #expect(both.text.hasSuffix("LIMIT least($1::bigint, $2::bigint)"))
    #expect(both.parameters == [.long(5), .long(101)])
  }

  /// Expressions that cannot be translated exactly, and the diagnostic code each must raise.
  static let unsupportedExpressions: [(String, ScalarExpression, String)] = [
    (
      "regex with \\pL",
      F.predicate(.matchesRegex(caseSensitive: true), F.string("FileName"), F.text("\\pL+")),
      "SQL-U003"
    ),
    (
      "extract with greedy and lazy quantifiers inside one group",
      F.predicate(
        .isEmpty,
        .call(
          .extractRegex, [F.text("^(.*?-enc .*)"), .literal(.long(1)), F.string("FileName")],
          type: .string)),
      "SQL-U003"
    ),
    (
      "regex from a column",
      F.predicate(.matchesRegex(caseSensitive: true), F.string("FileName"), F.string("FolderPath")),
      "SQL-U002"
    ),
    (
      "has with a computed term",
      F.predicate(.hasTerm(caseSensitive: false), F.string("FileName"), F.string("FolderPath")),
      "SQL-U002"
    ),
    (
      "timespan of a datetime",
      F.predicate(.isNull, .call(.toTimespan, [.column("Timestamp", .datetime)], type: .timespan)),
      "SQL-U001"
    ),
    (
      "incidr of something that is not a range",
      F.predicate(.inCIDR, F.string("FileName"), F.text("10.0.0.0/8, fe80:::1/10")), "SQL-U001"
    ),
  ]

  @Test(
    "unsupported constructs give an unsupported diagnostic at their span, never SQL",
    arguments: unsupportedExpressions)
  func unsupported(_ name: String, _ predicate: ScalarExpression, _ code: String) throws {
    var spanned = predicate
    spanned.span = Span(start: 7, end: 19)
    let result = F.emit(.filter(.scan(F.events), spanned))
    #expect(result.statement == nil)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.category == .unsupported)
    #expect(diagnostic.code.rawValue == code)
    #expect(diagnostic.span == Span(start: 7, end: 19))
  }
}
