import SpoorDiagnostics
import Testing

@testable import SpoorXQL

@Suite("XQL parser")
struct XQLParserTests {
  func parse(_ text: String) -> (query: XQLQuery, diagnostics: [Diagnostic]) {
    XQLParser.parse(SourceText(name: "t", text: text))
  }

  @Test("one config stage holds several options, in order")
  func severalConfigOptions() {
    let (query, diagnostics) = parse(
      #"config case_sensitive = false timeframe = 30d max_runtime_minutes = 5 | config timeframe between "begin" and "now""#
    )
    #expect(diagnostics.isEmpty)
    guard query.stages.count == 2, case .config(let first) = query.stages[0].kind,
      case .config(let second) = query.stages[1].kind
    else {
      Issue.record("expected two config stages")
      return
    }
    #expect(first.count == 3)
    #expect(first.first == .caseSensitive(false))
    #expect(second.count == 1)
  }

  @Test("the corpus shape parses into config, preset and filter stages")
  func corpusShape() {
    let (query, diagnostics) = parse(
      #"config case_sensitive = false | preset=xdr_process | filter event_type = ENUM.PROCESS and x in ("*\a.exe", "b")"#
    )
    #expect(diagnostics.isEmpty)
    #expect(query.stages.count == 3)
    guard query.stages.count == 3 else { return }
    #expect(query.stages[0].kind == .config([.caseSensitive(false)]))
    guard case .preset(let name) = query.stages[1].kind else {
      Issue.record("expected a preset stage")
      return
    }
    #expect(name.text == "xdr_process")
    guard case .filter(let filter) = query.stages[2].kind, case .binary(.and, let left, let right) = filter.kind else {
      Issue.record("expected a filter with 'and'")
      return
    }
    guard case .binary(.equal, _, let constant) = left.kind, case .qualified(let prefix, let member) = constant.kind
    else {
      Issue.record("expected ENUM.PROCESS")
      return
    }
    #expect(prefix.text == "ENUM" && member.text == "PROCESS")
    guard case .inList(_, let items, negated: false) = right.kind else {
      Issue.record("expected an in list")
      return
    }
    #expect(items.map(\.kind) == [.string(#"*\a.exe"#, tripleQuoted: false), .string("b", tripleQuoted: false)])
  }

  @Test("not binds tighter than and, and tighter than or")
  func precedence() {
    let (query, diagnostics) = parse("filter not a = 1 and b = 2 or c = 3")
    #expect(diagnostics.isEmpty)
    guard case .filter(let filter) = query.stages.first?.kind, case .binary(.or, let left, _) = filter.kind,
      case .binary(.and, let negation, _) = left.kind, case .unary(.not, let inner) = negation.kind,
      case .binary(.equal, _, _) = inner.kind
    else {
      Issue.record("unexpected tree \(query)")
      return
    }
  }

  @Test("negated word operators: not in, not contains, not incidr")
  func negatedOperators() {
    let (query, diagnostics) = parse(#"filter a not in (1, 2) and b not contains "x" and c not incidr "10.0.0.0/8""#)
    #expect(diagnostics.isEmpty)
    guard case .filter(let filter) = query.stages.first?.kind, case .binary(.and, let ab, let c) = filter.kind,
      case .binary(.and, let a, let b) = ab.kind
    else {
      Issue.record("unexpected tree")
      return
    }
    guard case .inList(_, _, negated: true) = a.kind, case .binary(.notContains, _, _) = b.kind,
      case .binary(.notIncidr, _, _) = c.kind
    else {
      Issue.record("unexpected operators")
      return
    }
  }

  @Test("every translated stage parses")
  func allStages() {
    let text = """
      config case_sensitive = true | config timeframe between "-7d" and "now" | dataset = xdr_data
      | filter a = 1 | fields a as b, c*, d | alter e = lowercase(b), f = 1 + 2 | comp count() as n, max(x) by k1, k2
      | sort desc n, asc k1 | limit 5 | dedup k1, k2 by desc n
      | join type = left conflict_strategy = left (dataset = xdr_data | fields k1) as j j.k1 = k1
      | union (preset = xdr_file) | union xdr_data | bin _time span = 1h | arrayexpand arr limit 3
      | top 5 agent_hostname by event_type top_count as c top_percent as p
      """
    let (query, diagnostics) = parse(text)
    #expect(diagnostics.isEmpty)
    #expect(
      query.stages.map(\.keyword.text) == [
        "config", "config", "dataset", "filter", "fields", "alter", "comp", "sort", "limit", "dedup", "join", "union",
        "union", "bin", "arrayexpand", "top",
      ])
  }

  @Test("an unknown stage is reported with a suggestion, and parsing goes on at the next pipe")
  func unknownStage() {
    let (query, diagnostics) = parse("dataset = xdr_data | filtr a = 1 | limit 3 | sort")
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-P005", "XQL-P004"])
    #expect(diagnostics.first?.help == "did you mean 'filter'?")
    // The `sort` with no key stays in the tree, its key a missing node.
    #expect(query.stages.map(\.keyword.text) == ["dataset", "limit", "sort"])
    guard case .sort(let items) = query.stages.last?.kind else {
      Issue.record("expected a sort stage")
      return
    }
    #expect(items.map(\.expression.kind) == [.missing])
  }

  @Test("an error inside a stage does not hide later errors in the same stage, and the stage stays in the tree")
  func recoveryWithinAStage() {
    let text = "dataset = xdr_data | alter a = , b = 1 + | filter c = 1"
    let (query, diagnostics) = parse(text)
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-P004", "XQL-P004"])
    #expect(diagnostics.map(\.message) == ["expected an expression, found ','", "expected an expression, found '|'"])
    #expect(query.stages.map(\.keyword.text) == ["dataset", "alter", "filter"])
    guard case .alter(let assignments) = query.stages[1].kind else {
      Issue.record("expected an alter stage")
      return
    }
    #expect(assignments.map(\.name.text) == ["a", "b"])
    #expect(assignments.first?.value.kind == .missing)
  }

  @Test("unsupported stages parse as such and are skipped to the next pipe")
  func unsupportedStage() {
    let (query, diagnostics) = parse("dataset = xdr_data | getrole agent_hostname as roles | limit 1")
    #expect(diagnostics.isEmpty)
    #expect(query.stages.map(\.kind) == [query.stages[0].kind, .unsupported, .limit(1)])
  }

  @Test("JSON arrow sugar becomes the json_extract call with the equivalent path")
  func jsonArrow() {
    let (query, diagnostics) = parse(#"alter a = f -> x.y{}, b = f -> ["a.b"].c, c = f -> list[]"#)
    #expect(diagnostics.isEmpty)
    guard case .alter(let assignments) = query.stages.first?.kind else {
      Issue.record("expected alter")
      return
    }
    let calls = assignments.map { assignment -> String in
      guard case .call(let name, let arguments) = assignment.value.kind, arguments.count == 2,
        case .string(let path, _) = arguments[1].kind
      else { return "?" }
      return "\(name.text)(\(path))"
    }
    #expect(calls == ["json_extract($.x.y)", "json_extract_scalar($['a.b'].c)", "json_extract_array($.list)"])
  }

  @Test(
    "JSON arrow sugar reads array elements and the root array",
    arguments: [
      ("f -> []", "json_extract_array($)"), ("f->[0]", "json_extract_scalar($[0])"),
      ("f -> a[2].b", "json_extract_scalar($.a[2].b)"), ("f -> a[0][]", "json_extract_array($.a[0])"),
      (#"f -> ["a.b"][1]{}"#, "json_extract($['a.b'][1])"), ("f -> key[]", "json_extract_array($.key)"),
    ])
  func jsonArrowArrays(_ expression: String, _ expected: String) {
    let (query, diagnostics) = parse("alter a = " + expression + " | limit 1")
    #expect(diagnostics.isEmpty)
    guard case .alter(let assignments) = query.stages.first?.kind, let value = assignments.first?.value,
      case .call(let name, let arguments) = value.kind, arguments.count == 2,
      case .string(let path, _) = arguments[1].kind
    else {
      Issue.record("expected alter with a call")
      return
    }
    #expect("\(name.text)(\(path))" == expected)
  }

  @Test("deep nesting is refused with a diagnostic, not a crash")
  func deepNesting() {
    let text = "filter " + String(repeating: "(", count: 5_000) + "a" + String(repeating: ")", count: 5_000)
    let (_, diagnostics) = parse(text)
    #expect(diagnostics.contains { $0.code.rawValue == "XQL-U003" })
  }
}
