import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

/// Binds a KQL syntax tree against the catalog into the shared typed plan, making KQL semantics explicit.
///
/// Tables and columns are resolved only through the ``Catalog``. Unknown names are reported at their span with
/// a suggestion; an expression or relation that failed to bind becomes nil and silences the errors it would
/// otherwise cause further on (Kusto's error symbol).
struct KQLBinder {
  let catalog: Catalog
  var diagnostics: [Diagnostic] = []
  /// The time column of the first scanned table that has one.
  var timeColumn: String?
  /// The nesting of `let` function expansions (``TranslationLimits/maximumFunctionNesting``).
  var callDepth = 0
  /// `let` function expansions so far (``TranslationLimits/maximumFunctionExpansions``).
  var expansions = 0
  /// The hints of the `render` operators bound so far, by the operator's span; the plan keeps the one that
  /// ends the query.
  var renderHints: [Span: RenderHint] = [:]

  /// The keys of bag columns already read from the database, by the discovery relation that read them.
  var bagKeys: [Relation: [BagKey]] = [:]
  /// The first `bag_unpack` whose keys are not known yet: binding stops there.
  var keyDiscovery: BagKeyDiscovery?

  /// The values of the names `declare query_parameters` declares.
  var queryParameters: QueryParameters = .none

  init(catalog: Catalog, bagKeys: [Relation: [BagKey]] = [:]) {
    self.catalog = catalog
    self.bagKeys = bagKeys
  }

  mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  /// Binds every statement; returns the plan of the final query statement.
  mutating func bind(_ query: KQLQuery) -> QueryPlan? {
    var lets: [String: LetBinding] = [:]
    guard let result = bindStatements(query.statements, lets: &lets) else { return nil }
    guard case .tabular(let table) = result else {
      if case .scalar(.some) = result, let last = query.statements.last {
        report(KQLDiagnostics.queryNotTabular(at: last.span))
      }
      return nil
    }
    guard let relation = table.relation else { return nil }
    guard !diagnostics.containsErrors else { return nil }
    return QueryPlan(
      relation: relation, language: .kql, timeColumn: timeColumn,
      notes: diagnostics.filter { !$0.isError }, render: finalRender(query))
  }

  /// The hint of the `render` that ends the query's last statement, if it ends with one.
  func finalRender(_ query: KQLQuery) -> RenderHint? {
    guard let last = query.statements.last, case .query(let expression) = last.kind,
      case .pipeline(let pipeline) = expression.kind, let final = pipeline.operators.last,
      case .render = final.kind
    else { return nil }
    return renderHints[final.span]
  }

  /// The value of a statement list: a table for a query, or a scalar for a function body.
  enum StatementsValue {
    case tabular(BoundTable)
    case scalar(ScalarExpression?)
  }

  /// Binds statements in order, adding `let` names to `lets`; the value is the last query statement's.
  mutating func bindStatements(_ statements: [KQLStatement], lets: inout [String: LetBinding])
    -> StatementsValue?
  {
    var value: StatementsValue?
    for statement in statements {
      switch statement.kind {
      case .let(let name, let expression):
        lets[name.name] = bindLetValue(expression, lets: lets)
      case .letFunction(let name, let parameters, let body):
        lets[name.name] = .function(LetFunction(parameters: parameters, body: body, lets: lets))
      case .set(let option):
        if !option.name.isEmpty { report(KQLDiagnostics.setIgnored(option.name, at: option.span)) }
      case .declareQueryParameters(let declarations):
        for declaration in declarations {
          guard let value = queryParameterValue(declaration) else {
            lets[declaration.name.name] = .error
            continue
          }
          lets[declaration.name.name] = bindLetValue(value, lets: lets)
        }
      case .query(let expression):
        if isTabular(expression, lets: lets) {
          value = .tabular(bindTabular(expression, lets: lets))
        } else {
          value = .scalar(
            bindScalar(expression, in: Scope(columns: [], description: "the query", lets: lets)))
        }
      }
    }
    return value
  }

  mutating func bindLetValue(_ expression: KQLExpression, lets: [String: LetBinding]) -> LetBinding {
    // Each use of a `let` name copies what it stands for, so a chain of lets can build a plan far deeper or larger
    // than its text: every value is checked against the limits before later statements can use it.
    if isTabular(expression, lets: lets) {
      let table = bindTabular(expression, lets: lets)
      guard let relation = table.relation else { return .error }
      if let exceeded = TranslationLimits.check(relation, at: expression.span) {
        report(exceeded)
        return .error
      }
      return .tabular(relation)
    }
    guard
      let value = bindScalar(
        expression, in: Scope(columns: [], description: "a let statement", lets: lets))
    else { return .error }
    if let exceeded = TranslationLimits.check(value, at: expression.span) {
      report(exceeded)
      return .error
    }
    return .scalar(value)
  }

  /// Starts expanding the `let` function `name`; false, with a diagnostic, when the call passes a limit.
  ///
  /// A true result must be balanced by `callDepth -= 1`. A function cannot call itself: its body sees only the
  /// names defined before it.
  mutating func enterFunction(_ name: KQLIdentifier) -> Bool {
    guard callDepth < TranslationLimits.maximumFunctionNesting else {
      report(
        TranslationLimits.exceeded(
          "nested let function calls", limit: TranslationLimits.maximumFunctionNesting, at: name.span))
      return false
    }
    expansions += 1
    guard expansions <= TranslationLimits.maximumFunctionExpansions else {
      // Reported once: every call still pending after the limit would say the same.
      if expansions == TranslationLimits.maximumFunctionExpansions + 1 {
        report(
          TranslationLimits.exceeded(
            "let function expansions", limit: TranslationLimits.maximumFunctionExpansions, at: name.span))
      }
      return false
    }
    callDepth += 1
    return true
  }

  /// True when the expression denotes rows rather than a value.
  func isTabular(_ expression: KQLExpression, lets: [String: LetBinding]) -> Bool {
    switch expression.kind {
    case .pipeline:
      return true
    case .name(let name):
      if let binding = lets[name] {
        switch binding {
        case .tabular: return true
        case .function(let function): return function.parameters.isEmpty && bodyIsTabular(function)
        case .scalar, .error: return false
        }
      }
      return catalog.table(named: name) != nil || name.contains("*")
    case .call(let name, _):
      if ["materialize", "view", "table", "toscalar"].contains(name.name) {
        return name.name != "toscalar"
      }
      if case .function(let function) = lets[name.name] { return bodyIsTabular(function) }
      return name.name == "AssignedIPAddresses" && lets[name.name] == nil
    default:
      return false
    }
  }

  func bodyIsTabular(_ function: LetFunction) -> Bool {
    var lets = function.lets
    for parameter in function.parameters {
      lets[parameter.name.name] =
        parameter.typeName.name == "table" ? .tabular(.values(columns: [], rows: [])) : .error
    }
    for statement in function.body {
      switch statement.kind {
      case .let(let name, let value):
        lets[name.name] =
          isTabular(value, lets: lets) ? .tabular(.values(columns: [], rows: [])) : .error
      case .query(let value):
        return isTabular(value, lets: lets)
      default:
        break
      }
    }
    return false
  }

  // MARK: Tabular expressions

  /// Binds an expression that must denote rows.
  mutating func bindTabular(_ expression: KQLExpression, lets: [String: LetBinding]) -> BoundTable {
    switch expression.kind {
    case .pipeline(let pipeline):
      var table = bindSource(pipeline.source, lets: lets)
      var visible = lets
      for node in pipeline.operators {
        table = apply(node, to: table, lets: visible)
        // `as Name` makes the rows so far available by name to the rest of the pipeline.
        if case .as(let name) = node.kind, !name.name.isEmpty {
          visible[name.name] = table.relation.map(LetBinding.tabular) ?? .error
        }
      }
      return table
    case .name(let name):
      return bindTableName(name, span: expression.span, lets: lets)
    case .call(let name, let arguments):
      if name.name == "materialize" || name.name == "view", arguments.count == 1 {
        return bindTabular(arguments[0], lets: lets)
      }
      if name.name == "table", (1...2).contains(arguments.count) {
        return bindTableCall(arguments, lets: lets)
      }
      if name.name == "AssignedIPAddresses", lets[name.name] == nil {
        return bindAssignedIPAddresses(name, arguments, lets: lets)
      }
      if case .function(let function) = lets[name.name] {
        switch invoke(
          function, named: name, arguments: arguments,
          scope: Scope(columns: [], description: "", lets: lets))
        {
        case .tabular(let table): return table
        case .scalar, .none:
          report(KQLDiagnostics.notTabular(name.name, at: name.span))
          return BoundTable(relation: nil, description: name.name)
        }
      }
      report(KQLDiagnostics.notTabular(name.name, at: name.span))
      return BoundTable(relation: nil, description: name.name)
    case .missing:
      return BoundTable(relation: nil, description: "the query")
    default:
      report(KQLDiagnostics.notTabular(sourceText(of: expression), at: expression.span))
      return BoundTable(relation: nil, description: "the query")
    }
  }

  /// `table(name [, datascope])`: the table (or tabular `let`) whose name is a constant string, a literal or a
  /// scalar `let` or function parameter (Kusto's way to pass a table by name into a function).
  mutating func bindTableCall(_ arguments: [KQLExpression], lets: [String: LetBinding]) -> BoundTable {
    let constants = Scope(columns: [], description: "table()'s argument (a constant)", lets: lets)
    var names: [String] = []
    for argument in arguments {
      guard let value = bindScalar(argument, in: constants) else {
        return BoundTable(relation: nil, description: "table(…)")
      }
      guard case .literal(.string(let text)) = value.kind else {
        report(KQLDiagnostics.expectedConstant("table()'s argument (a string)", at: argument.span))
        return BoundTable(relation: nil, description: "table(…)")
      }
      names.append(text)
    }
    // The data scope: every row is Spoor's only scope; Kusto's hot cache has no counterpart.
    if names.count == 2, !["all", "default"].contains(names[1].lowercased()) {
      report(
        KQLDiagnostics.tableDataScope(names[1], at: arguments[1].span))
      return BoundTable(relation: nil, description: "table(…)")
    }
    return bindTableName(names[0], span: arguments[0].span, lets: lets)
  }

  func sourceText(of expression: KQLExpression) -> String {
    switch expression.kind {
    case .name(let name): return name
    case .call(let name, _): return name.name + "(…)"
    default: return "this expression"
    }
  }

  mutating func bindTableName(_ name: String, span: Span, lets: [String: LetBinding]) -> BoundTable {
    if let binding = lets[name] {
      switch binding {
      case .tabular(let relation): return BoundTable(relation: relation, description: name)
      case .error: return BoundTable(relation: nil, description: name)
      case .function(let function) where function.parameters.isEmpty:
        var inner = function.lets
        guard enterFunction(KQLIdentifier(name: name, span: span)) else {
          return BoundTable(relation: nil, description: name)
        }
        defer { callDepth -= 1 }
        if case .tabular(let table) = bindStatements(function.body, lets: &inner) { return table }
        report(KQLDiagnostics.notTabular(name, at: span))
        return BoundTable(relation: nil, description: name)
      case .scalar, .function:
        report(KQLDiagnostics.notTabular(name, at: span))
        return BoundTable(relation: nil, description: name)
      }
    }
    if let table = catalog.table(named: name) {
      if timeColumn == nil, let column = table.timeColumn { timeColumn = column.name }
      return BoundTable(relation: .scan(table), description: name)
    }
    if name.contains("*") {
      let pattern = KQLNamePattern(pattern: name, span: span)
      let tables = catalog.tableNames.filter { pattern.matches($0) }
      guard !tables.isEmpty else {
        report(KQLDiagnostics.unknownTable(name, at: span, help: nil))
        return BoundTable(relation: nil, description: name)
      }
      return bindUnion(
        tables.map { BoundTable(relation: .scan(catalog.table(named: $0)!), description: $0) },
        isInner: false,
        withSource: nil, span: span)
    }
    let candidates =
      catalog.tableNames
      + lets.compactMap { key, value in
        if case .tabular = value { return key }
        return nil
      }
    report(
      KQLDiagnostics.unknownTable(
        name, at: span, retired: Self.retiredTables[name], help: NameSuggester.help(for: name, among: candidates)))
    return BoundTable(relation: nil, description: name)
  }

  /// Tables Microsoft retired, with what its documentation says replaces them.
  static let retiredTables: [String: KQLDiagnostics.RetiredTable] = {
    var retired: [String: KQLDiagnostics.RetiredTable] = [
      // defender-xdr/advanced-hunting-migrate-from-mde.md, "Map DeviceAlertEvents table".
      "DeviceAlertEvents": .splitIntoAlertTables
    ]
    for (old, new) in renamedTables { retired[old] = .renamed(new) }
    return retired
  }()

  /// Defender ATP's table names before the 2020 advanced-hunting schema rename, with their names since.
  static let renamedTables = [
    "AlertEvents": "AlertInfo and AlertEvidence", "FileCreationEvents": "DeviceFileEvents",
    "ImageLoadEvents": "DeviceImageLoadEvents", "LogonEvents": "DeviceLogonEvents", "MachineInfo": "DeviceInfo",
    "MachineNetworkInfo": "DeviceNetworkInfo", "MiscEvents": "DeviceEvents",
    "NetworkCommunicationEvents": "DeviceNetworkEvents", "ProcessCreationEvents": "DeviceProcessEvents",
    "RegistryEvents": "DeviceRegistryEvents",
  ]

  mutating func bindSource(_ source: KQLTabularSource, lets: [String: LetBinding]) -> BoundTable {
    switch source {
    case .expression(let expression):
      return bindTabular(expression, lets: lets)
    case .union(let clause):
      return bindUnionClause(
        clause, first: nil, lets: lets, span: clause.inputs.first?.span ?? .at(0))
    case .datatable(let columns, let values, let span):
      return bindDatatable(columns: columns, values: values, span: span, lets: lets)
    case .externalData(let columns, let addresses, let properties, let span):
      return bindExternalData(
        columns: columns, addresses: addresses, properties: properties, span: span, lets: lets)
    case .range(let name, let from, let to, let step):
      let scope = Scope(columns: [], description: "range", lets: lets)
      guard let start = bindScalar(from, in: scope), let stop = bindScalar(to, in: scope),
        let stepValue = bindScalar(step, in: scope)
      else { return BoundTable(relation: nil, description: "range") }
      return BoundTable(
        relation: .range(name: name.name, start: start, stop: stop, step: stepValue),
        description: "range")
    case .print(let assignments):
      let base = Relation.range(
        name: "print_row", start: .literal(.long(1)), stop: .literal(.long(1)),
        step: .literal(.long(1)))
      var scope = Scope(columns: [], description: "print", lets: lets)
      var items: [NamedExpression] = []
      for (position, assignment) in assignments.enumerated() {
        guard let value = bindScalar(assignment.value, in: scope) else { continue }
        let name = assignment.name?.name ?? "print_\(position)"
        items.append(NamedExpression(name: name, expression: value))
        scope.substitutions[name] = value
      }
      return BoundTable(relation: .project(base, items), description: "print")
    case .search(let clause):
      return bindSearch(clause, input: nil, lets: lets, span: clause.predicate.span)
    case .find(let clause):
      return bindFind(clause, lets: lets)
    case .unsupported(let name, let span):
      report(KQLDiagnostics.unsupportedSource(name, at: span))
      return BoundTable(relation: nil, description: name)
    }
  }

  /// The columns of a `datatable` or `externaldata` declaration, nil after reporting an unknown type.
  mutating func bindColumnDeclarations(_ columns: [KQLColumnDeclaration]) -> [OutputColumn]? {
    var outputs: [OutputColumn] = []
    var failed = false
    for column in columns {
      guard let type = DataType(kqlName: column.typeName.name) else {
        report(KQLDiagnostics.unknownType(column.typeName.name, at: column.typeName.span))
        failed = true
        continue
      }
      outputs.append(OutputColumn(name: column.name.name, type: type))
    }
    return failed ? nil : outputs
  }

  mutating func bindDatatable(
    columns: [KQLColumnDeclaration], values: [KQLExpression], span: Span, lets: [String: LetBinding]
  ) -> BoundTable {
    var failed = false
    guard let outputs = bindColumnDeclarations(columns) else {
      return BoundTable(relation: nil, description: "datatable")
    }
    guard !failed, !outputs.isEmpty else {
      return BoundTable(relation: nil, description: "datatable")
    }
    guard values.count % outputs.count == 0 else {
      report(
        KQLDiagnostics.datatableValueCount(values.count, columns: outputs.count, at: span))
      return BoundTable(relation: nil, description: "datatable")
    }
    var rows: [[Value]] = []
    var row: [Value] = []
    let scope = Scope(columns: [], description: "datatable", lets: lets)
    for (position, expression) in values.enumerated() {
      let column = outputs[position % outputs.count]
      guard let bound = bindScalar(expression, in: scope) else {
        failed = true
        continue
      }
      guard case .literal(let value) = bound.kind,
        let converted = Self.convert(value, to: column.type)
      else {
        report(
          KQLDiagnostics.datatableValue(column.name, column.type, at: expression.span))
        failed = true
        continue
      }
      row.append(converted)
      if row.count == outputs.count {
        rows.append(row)
        row = []
      }
    }
    guard !failed else { return BoundTable(relation: nil, description: "datatable") }
    return BoundTable(relation: .values(columns: outputs, rows: rows), description: "datatable")
  }

  /// A constant converted to a column type, or nil when it does not fit.
  static func convert(_ value: Value, to type: DataType) -> Value? {
    switch (value, type) {
    case (.null, _): return .null(type)
    case (.long(let number), .real): return .real(Double(number))
    case (.long, .int), (.long, .long), (.real, .real), (.bool, .bool), (.string, .string),
      (.string, .guid),
      (.datetime, .datetime), (.timespan, .timespan), (.dynamic, .dynamic):
      return value
    case (.string(let text), .dynamic): return .dynamic(json: JSONText.quote(text))
    case (.long(let number), .dynamic): return .dynamic(json: String(number))
    default: return nil
    }
  }
}
