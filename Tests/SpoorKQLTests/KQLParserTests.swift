import SpoorDiagnostics
import Testing

@testable import SpoorKQL

@Suite("KQL parser")
struct KQLParserTests {
  static func parse(_ text: String) -> (KQLQuery, [Diagnostic]) {
    KQLParser.parse(SourceText(name: "q", text: text))
  }

  /// The `where` predicate of `T | where …`.
  static func predicate(_ text: String) -> KQLExpression? {
    let (query, _) = parse("T | where " + text)
    guard case .query(let expression) = query.statements.last?.kind,
      case .pipeline(let pipeline) = expression.kind,
      case .where(let predicate) = pipeline.operators.first?.kind
    else { return nil }
    return predicate
  }

  @Test func andBindsTighterThanOr() throws {
    let expression = try #require(Self.predicate("a == 1 or b == 2 and c == 3"))
    guard case .logical(.or, let operands) = expression.kind else {
      Issue.record("expected an or at the top: \(expression.kind)")
      return
    }
    #expect(operands.count == 2)
    guard case .logical(.and, let inner) = operands[1].kind else {
      Issue.record("expected an and on the right")
      return
    }
    #expect(inner.count == 2)
  }

  @Test func arithmeticBindsTighterThanComparison() throws {
    let expression = try #require(Self.predicate("a + 2 * 3 > 4"))
    guard case .binary(.greater, let left, _) = expression.kind,
      case .binary(.add, _, let product) = left.kind,
      case .binary(.multiply, _, _) = product.kind
    else {
      Issue.record("unexpected tree \(expression.kind)")
      return
    }
  }

  @Test func keepsLongChainsFlat() throws {
    let terms = (0..<20_000).map { "X contains \"v\($0)\"" }.joined(separator: " or ")
    let (query, diagnostics) = Self.parse("T | where " + terms)
    #expect(diagnostics.isEmpty)
    guard case .query(let expression) = query.statements.last?.kind,
      case .pipeline(let pipeline) = expression.kind,
      case .where(let predicate) = pipeline.operators.first?.kind,
      case .logical(.or, let operands) = predicate.kind
    else {
      Issue.record("expected one flat or")
      return
    }
    #expect(operands.count == 20_000)
  }

  @Test func joinsAdjacentStringLiterals() throws {
    let expression = try #require(Self.predicate(#"X == "a" 'b' // comment"# + "\n @\"c\\\""))
    guard case .binary(.equal, _, let right) = expression.kind else {
      Issue.record("expected ==")
      return
    }
    #expect(right.kind == .literal(.string(#"abc\"#)))
  }

  @Test func parsesOperatorsWithTheirClauses() {
    let text = """
      let threshold = 5;
      let Recent = DeviceProcessEvents | where Timestamp > ago(1d);
      Recent
      | where FileName in~ ("a.exe", "b.exe") and Size between (1 .. 10) and Path matches regex "x+"
      | extend Lower = tolower(FileName)
      | summarize Count = count(), dcount(DeviceId) by DeviceName, bin(Timestamp, 1h)
      | join kind=leftouter hint.strategy=broadcast (DeviceNetworkEvents | project DeviceId) on $left.DeviceName == $right.DeviceId
      | sort by Count desc nulls first, DeviceName asc
      | top 5 by Count
      | project-away X*, Y
      | mv-expand with_itemindex=I Values to typeof(string)
      | parse kind=regex Line with "a" Name:string "b" *
      | render timechart
      """
    let (query, diagnostics) = Self.parse(text)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
    #expect(query.statements.count == 3)
  }

  @Test func namesWhatWasExpected() {
    let (_, diagnostics) = Self.parse("T | where (a == 1")
    #expect(diagnostics.map(\.message) == ["expected ')', found the end of the query"])
    let (_, second) = Self.parse("T | sort Timestamp")
    #expect(second.first?.message == "expected 'by', found 'Timestamp'")
  }

  @Test func suggestsTheOperatorMeant() {
    let (_, diagnostics) = Self.parse("T | summarise count()")
    #expect(diagnostics.first?.message == "unknown tabular operator 'summarise'")
    #expect(diagnostics.first?.help == "did you mean 'summarize'?")
  }

  @Test func recoversAndReportsSeveralErrors() {
    let (query, diagnostics) = Self.parse("T | where a == | project b, | frobnicate | take 1")
    #expect(diagnostics.count == 3, "\(diagnostics.map(\.message))")
    guard case .query(let expression) = query.statements.last?.kind,
      case .pipeline(let pipeline) = expression.kind
    else {
      Issue.record("expected a pipeline")
      return
    }
    #expect(pipeline.operators.count == 3)
  }

  @Test func capsDiagnosticsAtTwenty() {
    let text =
      "T | where " + Array(repeating: "(", count: 10).joined() + " | "
      + Array(repeating: "@ ", count: 50).joined()
    let (_, diagnostics) = Self.parse(text)
    #expect(diagnostics.count == 20)
    #expect(Set(diagnostics.map(\.span.start)).count == diagnostics.count)
  }

  @Test func limitsNesting() {
    let text =
      "T | where " + String(repeating: "(", count: 500) + "a" + String(repeating: ")", count: 500)
    let (_, diagnostics) = Self.parse(text)
    #expect(diagnostics.contains { $0.code.rawValue == "KQL-P005" })
  }

  @Test func parsesDynamicLiteralsToJSON() throws {
    let expression = try #require(
      Self.predicate(#"X in (dynamic(["a", 1, {"k": true}, null, -2.5]))"#))
    guard case .binary(.in, _, let list) = expression.kind, case .list(let items) = list.kind else {
      Issue.record("expected in (...)")
      return
    }
    #expect(items.first?.kind == .literal(.dynamic(json: #"["a",1,{"k":true},null,-2.5]"#)))
  }
}
