import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// `search`: the tables (the piped input, `in (…)`, or every table of the catalog) as one union with a `$table`
  /// column, filtered by the predicate, where a bare string term matches any column (Kusto's table: `x` has,
  /// `x*` hasprefix, `*x` hassuffix, `*x*` contains, `a*b` the regex `\ba.*b\b`) and `Col:"x"` is `Col has "x"`.
  mutating func bindSearch(
    _ clause: KQLSearchClause, input: BoundTable?, lets: [String: LetBinding], span: Span
  ) -> BoundTable {
    let inputs = input.map { [$0] } ?? findInputs(clause, lets: lets)
    let union = bindUnion(
      inputs, isInner: false, withSource: KQLIdentifier(name: "$table", span: span), span: span)
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
  static func searchPredicate(
    _ expression: KQLExpression, columns: [String], caseSensitive: Bool, wildcardTerms: Bool = true
  ) -> KQLExpression {
    let span = expression.span
    func rewrite(_ child: KQLExpression) -> KQLExpression {
      searchPredicate(child, columns: columns, caseSensitive: caseSensitive, wildcardTerms: wildcardTerms)
    }
    func anyColumn(_ op: KQLBinaryOperator, _ value: KQLExpression) -> KQLExpression {
      let matches = columns.map { column in
        KQLExpression(
          .binary(
            op,
            KQLExpression(
              .call(KQLIdentifier(name: "tostring", span: span), [KQLExpression(.name(column), span: span)]), span: span
            ),
            value), span: span)
      }
      return KQLExpression(.logical(.or, matches), span: span)
    }
    switch expression.kind {
    case .star:
      return KQLExpression(.literal(.bool(true)), span: span)
    case .literal(.string(let term)):
      let (op, value) = wildcardTerms ? termMatch(term, caseSensitive: caseSensitive) : (.has, term)
      return anyColumn(op, KQLExpression(.literal(.string(value)), span: span))
    case .binary(let op, let left, let right) where left.kind == .star:
      // `* has "x"`: any column.
      return anyColumn(op, right)
    case .logical(let op, let operands):
      return KQLExpression(.logical(op, operands.map(rewrite)), span: span)
    case .call(let name, let arguments) where name.name == "not" && arguments.count == 1:
      return KQLExpression(.call(name, [rewrite(arguments[0])]), span: span)
    case .binary(let op, let left, let right) where caseSensitive:
      let sensitive: [KQLBinaryOperator: KQLBinaryOperator] = [
        .has: .hasCS, .hasPrefix: .hasPrefixCS, .hasSuffix: .hasSuffixCS, .contains: .containsCS,
      ]
      return KQLExpression(.binary(sensitive[op] ?? op, left, right), span: span)
    default:
      return expression
    }
  }

  /// A `where` predicate with each `* op x` read as `search` reads it, `op x` over any column.
  ///
  /// Kusto's `where` documentation keeps, for `T | where * has "x"`, the rows where any column has the term.
  /// Other parts of the predicate are left as written (a bare string stays a type error, as in Kusto).
  static func anyColumnPredicate(_ expression: KQLExpression, columns: [String]) -> KQLExpression {
    switch expression.kind {
    case .binary(_, let left, _) where left.kind == .star:
      return searchPredicate(expression, columns: columns, caseSensitive: false, wildcardTerms: false)
    case .logical(let op, let operands):
      return KQLExpression(
        .logical(op, operands.map { anyColumnPredicate($0, columns: columns) }), span: expression.span)
    case .call(let name, let arguments) where name.name == "not" && arguments.count == 1:
      return KQLExpression(.call(name, [anyColumnPredicate(arguments[0], columns: columns)]), span: expression.span)
    default:
      return expression
    }
  }

  /// The operator and value a search term stands for.
  static func termMatch(_ term: String, caseSensitive: Bool) -> (KQLBinaryOperator, String) {
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
    let parts = inner.split(separator: "*", omittingEmptySubsequences: false).map { regexEscaped(String($0)) }
    let pattern =
      (caseSensitive ? "" : "(?i)") + (leading ? "" : "\\b") + parts.joined(separator: ".*") + (trailing ? "" : "\\b")
    return (.matchesRegex, pattern)
  }
}

extension KQLBinder {
  /// Binds `find` as a union of the tables it searches, filtered by its predicate.
  ///
  /// The tables that have a column the predicate names (all of them when it names none) form one union with the
  /// source column (`source_` unless `withsource=`), filtered by the predicate (a bare term is `* has term`); the
  /// output is the source column and
  /// - with `project Col[:type], …`: the listed columns (null where a table lacks one), and with `pack_all()` in
  ///   the list the `pack_` column;
  /// - without `project` (or with `project-smart`): the columns the predicate names, then the columns every table
  ///   has, then the `pack_` column.
  ///
  /// `pack_` holds, as a property bag, the columns of the row's own table that are not in the output.
  mutating func bindFind(_ clause: KQLFindClause, lets: [String: LetBinding]) -> BoundTable {
    let description = "find"
    var inputs = findInputs(clause.search, lets: lets)
    let named = Self.names(in: clause.search.predicate)
    if !named.isEmpty {
      inputs = inputs.filter { input in input.columns.map { $0.contains { named.contains($0.name) } } ?? true }
    }
    guard !inputs.isEmpty else {
      report(
        KQLDiagnostics.findPredicateColumns(at: clause.search.predicate.span))
      return BoundTable(relation: nil, description: description)
    }
    let source = clause.withSource ?? KQLIdentifier(name: "source_", span: clause.search.predicate.span)
    let union = bindUnion(inputs, isInner: false, withSource: source, span: clause.search.predicate.span)
    guard let relation = union.relation, let columns = union.columns else { return union }
    let searched = columns.filter { $0.name != source.name }.map(\.name)
    let predicate = Self.searchPredicate(
      clause.search.predicate, columns: searched, caseSensitive: false, wildcardTerms: false)
    let scope = Scope(columns: columns, description: "the found tables", lets: lets)
    guard let value = bindScalar(predicate, in: scope), requireBool(value, clause.search.predicate.span) else {
      return BoundTable(relation: nil, description: description)
    }
    var outputs = [Self.passThrough(OutputColumn(name: source.name, type: .string))]
    guard let projection = clause.projection else {
      outputs += Self.smartColumns(named: named, inputs: inputs, columns: columns, source: source.name)
      outputs.append(Self.packColumn(inputs: inputs, columns: columns, except: outputs, source: source.name))
      return BoundTable(
        relation: .project(.filter(relation, Self.filterCondition(value)), outputs), description: description)
    }
    for (name, typeName) in projection {
      var type: DataType?
      if let typeName {
        guard let declared = DataType(kqlName: typeName.name) else {
          report(KQLDiagnostics.unknownType(typeName.name, at: typeName.span))
          return BoundTable(relation: nil, description: description)
        }
        type = declared
      }
      // A column with several types in the tables is `Name_type` in the union.
      let typedName = type.map { name.name + "_" + $0.rawValue }
      let found = columns.first { $0.name == name.name || $0.name == typedName }
      guard let column = found ?? type.map({ OutputColumn(name: name.name, type: $0) }) else {
        reportUnknownColumn(name.name, name.span, scope)
        return BoundTable(relation: nil, description: description)
      }
      var expression: ScalarExpression =
        found == nil ? .literal(.null(column.type), span: name.span) : .column(column.name, column.type)
      if let type, type != column.type { expression = Self.converted(expression, to: type, span: name.span) }
      outputs.append(NamedExpression(name: name.name, expression: expression))
    }
    if clause.packsAll {
      outputs.append(Self.packColumn(inputs: inputs, columns: columns, except: outputs, source: source.name))
    }
    return BoundTable(
      relation: .project(.filter(relation, Self.filterCondition(value)), outputs), description: description)
  }

  /// `project-smart`'s columns after the source column: the union's columns the predicate names (one per type of a
  /// name with several), in the order the predicate names them, then the columns every input has (same name and
  /// type), in the union's order.
  static func smartColumns(
    named: [String], inputs: [BoundTable], columns: [OutputColumn], source: String
  ) -> [NamedExpression] {
    var chosen: [OutputColumn] = []
    for name in named {
      for column in columns where column.name != source && !chosen.contains(column) {
        if column.name == name || column.name == unionColumnName(name, column.type) { chosen.append(column) }
      }
    }
    for column in columns where column.name != source && !chosen.contains(column) {
      let common = inputs.allSatisfy { input in input.columns?.contains(column) ?? false }
      if common { chosen.append(column) }
    }
    return chosen.map(passThrough)
  }

  /// The name a column of one input has in the union of `find`: its own, or `Name_type` when the union suffixed it.
  static func unionColumnName(_ name: String, _ type: DataType) -> String { name + "_" + type.rawValue }

  /// `pack_`: per source table, a bag of that table's columns that are not among `except` (keyed by their names in
  /// the table, valued from their union columns).
  static func packColumn(
    inputs: [BoundTable], columns: [OutputColumn], except outputs: [NamedExpression], source: String
  ) -> NamedExpression {
    let taken = Set(outputs.map(\.name))
    let sourceColumn = ScalarExpression.column(source, .string)
    var clauses: [WhenClause] = []
    for input in inputs {
      var pairs: [ScalarExpression] = []
      for column in input.columns ?? [] {
        let unionName =
          columns.contains(column) ? column.name : unionColumnName(column.name, column.type)
        guard !taken.contains(unionName) else { continue }
        pairs.append(.literal(.string(column.name)))
        pairs.append(.column(unionName, column.type))
      }
      clauses.append(
        WhenClause(
          condition: .call(.equal, [sourceColumn, .literal(.string(input.description))], type: .bool),
          value: .call(.bagPack, pairs, type: .dynamic)))
    }
    return NamedExpression(
      name: "pack_",
      expression: ScalarExpression(.caseWhen(clauses, otherwise: .literal(.null(.dynamic))), type: .dynamic))
  }

  /// The inputs of `search`/`find` without a piped input: `in (…)`, or every KQL table of the catalog.
  mutating func findInputs(_ clause: KQLSearchClause, lets: [String: LetBinding]) -> [BoundTable] {
    guard let tables = clause.tables else {
      // Every table KQL queries: the XQL datasets (time column `_time`) are not Kusto's tables.
      return catalog.tableNames.compactMap { name in
        guard let table = catalog.table(named: name), table.timeColumn?.name != "_time" else { return nil }
        return BoundTable(relation: .scan(table), description: name)
      }
    }
    var inputs: [BoundTable] = []
    for table in tables {
      guard case .name(let name) = table.kind else { continue }
      if name.contains("*") {
        let pattern = KQLNamePattern(pattern: name, span: table.span)
        let names = catalog.tableNames.filter { pattern.matches($0) }
        if names.isEmpty { report(KQLDiagnostics.unknownTable(name, at: table.span, help: nil)) }
        inputs += names.compactMap { name in
          catalog.table(named: name).map { BoundTable(relation: .scan($0), description: name) }
        }
      } else {
        inputs.append(bindTabular(table, lets: lets))
      }
    }
    return inputs
  }

  /// The column names an expression refers to (every `.name`; let names too, which no table has), each once, in
  /// the order they are written.
  static func names(in expression: KQLExpression) -> [String] {
    var found: [String] = []
    var pending = [expression]
    while let next = pending.popLast() {
      // Children are pushed last-first so that they are visited left to right.
      switch next.kind {
      case .name(let name): if !found.contains(name) { found.append(name) }
      case .logical(_, let operands): pending += operands.reversed()
      case .binary(_, let left, let right): pending += [right, left]
      case .negate(let operand): pending.append(operand)
      case .call(_, let arguments): pending += arguments.reversed()
      case .member(let base, _): pending.append(base)
      case .index(let base, let key): pending += [key, base]
      case .list(let items): pending += items.reversed()
      case .range(let low, let high): pending += [high, low]
      case .literal, .star, .pipeline, .missing: break
      }
    }
    return found
  }
}
