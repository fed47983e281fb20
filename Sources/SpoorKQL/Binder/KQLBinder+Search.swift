import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// `search`: the tables (the piped input, `in (…)`, or every table of the catalog) as one union with a `$table`
  /// column, filtered by the predicate, where a bare string term matches any column (Kusto's table: `x` has,
  /// `x*` hasprefix, `*x` hassuffix, `*x*` contains, `a*b` the regex `\ba.*b\b`) and `Col:"x"` is `Col has "x"`.
  mutating func bindSearch(
    _ clause: SearchClause, input: BoundTable?, lets: [String: LetBinding], span: Span
  ) -> BoundTable {
    var inputs: [BoundTable] = []
    if let input {
      inputs = [input]
    } else if let tables = clause.tables {
      for table in tables {
        guard case .name(let name) = table.kind else { continue }
        if name.contains("*") {
          let pattern = NamePattern(pattern: name, span: table.span)
          let names = catalog.tableNames.filter { pattern.matches($0) }
          if names.isEmpty { report(KQLDiagnostics.unknownTable(name, at: table.span, help: nil)) }
          inputs += names.compactMap { name in
            catalog.table(named: name).map { BoundTable(relation: .scan($0), description: name) }
          }
        } else {
          inputs.append(bindTabular(table, lets: lets))
        }
      }
    } else {
      // Every table KQL queries: the XQL datasets (time column `_time`) are not Kusto's tables.
      inputs = catalog.tableNames.compactMap { name in
        guard let table = catalog.table(named: name), table.timeColumn?.name != "_time" else { return nil }
        return BoundTable(relation: .scan(table), description: name)
      }
    }
    let union = bindUnion(
      inputs, isInner: false, withSource: Identifier(name: "$table", span: span), span: span)
    guard let relation = union.relation else { return union }
    let searched = union.columns?.filter { $0.name != "$table" }.map(\.name) ?? []
    let predicate = Self.searchPredicate(clause.predicate, columns: searched, caseSensitive: clause.caseSensitive)
    let scope = Scope(columns: union.columns, description: "the searched tables", lets: lets)
    guard let value = bindScalar(predicate, in: scope), requireBool(value, clause.predicate.span) else {
      return BoundTable(relation: nil, description: union.description)
    }
    return BoundTable(relation: .filter(relation, Self.filterCondition(value)), description: union.description)
  }

  /// The search predicate as a `where` predicate over `columns`.
  static func searchPredicate(_ expression: Expression, columns: [String], caseSensitive: Bool) -> Expression {
    let span = expression.span
    func rewrite(_ child: Expression) -> Expression {
      searchPredicate(child, columns: columns, caseSensitive: caseSensitive)
    }
    switch expression.kind {
    case .star:
      return Expression(.literal(.bool(true)), span: span)
    case .literal(.string(let term)):
      let (op, value) = termMatch(term, caseSensitive: caseSensitive)
      let matches = columns.map { column in
        Expression(
          .binary(
            op,
            Expression(
              .call(Identifier(name: "tostring", span: span), [Expression(.name(column), span: span)]), span: span),
            Expression(.literal(.string(value)), span: span)), span: span)
      }
      return Expression(.logical(.or, matches), span: span)
    case .logical(let op, let operands):
      return Expression(.logical(op, operands.map(rewrite)), span: span)
    case .call(let name, let arguments) where name.name == "not" && arguments.count == 1:
      return Expression(.call(name, [rewrite(arguments[0])]), span: span)
    case .binary(let op, let left, let right) where caseSensitive:
      let sensitive: [BinaryOperator: BinaryOperator] = [
        .has: .hasCS, .hasPrefix: .hasPrefixCS, .hasSuffix: .hasSuffixCS, .contains: .containsCS,
      ]
      return Expression(.binary(sensitive[op] ?? op, left, right), span: span)
    default:
      return expression
    }
  }

  /// The operator and value a search term stands for.
  static func termMatch(_ term: String, caseSensitive: Bool) -> (BinaryOperator, String) {
    let leading = term.hasPrefix("*")
    let trailing = term.hasSuffix("*") && term.count > 1
    let inner = String(term.dropFirst(leading ? 1 : 0).dropLast(trailing ? 1 : 0))
    if !inner.contains("*") {
      switch (leading, trailing) {
      case (true, true): return (caseSensitive ? .containsCS : .contains, inner)
      case (true, false): return (caseSensitive ? .hasSuffixCS : .hasSuffix, inner)
      case (false, true): return (caseSensitive ? .hasPrefixCS : .hasPrefix, inner)
      case (false, false): return (caseSensitive ? .hasCS : .has, inner)
      }
    }
    // `a*b`: Kusto's regex \ba.*b\b (a leading or trailing * drops the word boundary on its side).
    let parts = inner.split(separator: "*", omittingEmptySubsequences: false).map { escapedRegex(String($0)) }
    let pattern =
      (caseSensitive ? "" : "(?i)") + (leading ? "" : "\\b") + parts.joined(separator: ".*") + (trailing ? "" : "\\b")
    return (.matchesRegex, pattern)
  }

  /// Text matched literally by an RE2 pattern.
  static func escapedRegex(_ text: String) -> String {
    var escaped = ""
    for character in text {
      if "\\.^$|?*+()[]{}".contains(character) { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped
  }
}
