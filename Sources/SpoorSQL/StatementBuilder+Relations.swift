import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

/// The columns expressions may refer to: the current block's, or (inside a join condition) each side's.
struct ExpressionScope {
  /// Columns by name, unless every column is its own unqualified name (``namesAreIdentifiers``).
  private var columns: [String: SQLFragment] = [:]
  /// True when every column of the block is a plain, unqualified reference to a column of the same name (a scan
  /// or a derived table): a reference is then its quoted name, with no lookup table to build.
  private var namesAreIdentifiers = false
  /// The left input's columns (join conditions only).
  var left: [String: SQLFragment] = [:]
  /// The right input's columns (join conditions only).
  var right: [String: SQLFragment] = [:]
  /// Inside an XQL array function's expression: the current element, read as ``ScalarExpression/arrayElementName``.
  var arrayElement: SQLFragment?

  /// The scope of a block's output columns.
  init(_ block: SelectBlock) {
    // A block whose select list is still a whole-table scan's (``SelectBlock/columnListText``) needs no check.
    namesAreIdentifiers =
      block.columnListText != nil
      || block.columns.allSatisfy {
        $0.isPlain && $0.isSelfNamed && $0.fragment.text.utf8.count == $0.name.utf8.count + 2
      }
    guard !namesAreIdentifiers else { return }
    columns.reserveCapacity(block.columns.count)
    for column in block.columns { columns[column.name] = column.fragment }
  }

  /// An empty scope (inline rows, ranges).
  init() {}

  /// The SQL of the column named `name`.
  func column(_ name: String) -> SQLFragment? {
    if let arrayElement, name == ScalarExpression.arrayElementName { return arrayElement }
    return namesAreIdentifiers ? .atom(SQLIdentifier.quoted(name)) : columns[name]
  }
}

/// A relation placed in a `FROM` clause under an alias.
struct DerivedSource {
  /// `"schema"."table" AS "t1"` or `(SELECT …) AS "t1"`.
  var text: String
  /// The output columns, qualified by the alias.
  var columns: [BlockColumn]
}

extension StatementBuilder {
  /// The `SELECT` computing a relation.
  mutating func block(for relation: Relation) -> SelectBlock {
    switch relation {
    case .scan(let table):
      return scanBlock(table)
    case .scanBatch(let table, let batch):
      var block = scanBlock(table)
      block.bareTable = nil
      let xid = SQLIdentifier.quoted("_spoor_xid")
      let current = bind(.string(batch.current), as: "pg_snapshot").text
      let previous = bind(.string(batch.previous), as: "pg_snapshot").text
      // The two range terms are implied by the visibility tests (an xid below the previous snapshot's xmin was
      // already visible or never commits; one at or past the current xmax is not yet visible); they let the
      // `_spoor_xid` index narrow a window to its own rows instead of scanning the table.
      block.whereTerms = [
        .atom("\(xid) >= pg_snapshot_xmin(\(previous))"),
        .atom("\(xid) < pg_snapshot_xmax(\(current))"),
        .atom("pg_visible_in_snapshot(\(xid), \(current))"),
        SQLFragment("NOT pg_visible_in_snapshot(\(xid), \(previous))", .not),
      ]
      return block
    case .filter(let input, let predicate):
      return filterBlock(input, predicate)
    case .project(let input, let expressions):
      return projectBlock(input, expressions)
    case .aggregate(let input, let groupBy, let aggregates):
      return aggregateBlock(input, groupBy: groupBy, aggregates: aggregates)
    case .sort(let input, let keys):
      return sortBlock(input, keys)
    case .limit(let input, let count):
      var block = self.block(for: input)
      let limit = bind(.long(count)).text
      block.limit = block.limit.map { "least(" + $0 + ", " + limit + ")" } ?? limit
      block.bareTable = nil
      return block
    case .distinct(let input):
      var block = self.block(for: input)
      if !block.acceptsGrouping { block = wrap(block, keepingOrder: false) }
      block.isDistinct = true
      block.bareTable = nil
      return block
    case .firstPerKey(let input, let keys, let order):
      return firstPerKeyBlock(input, keys: keys, order: order)
    case .join(let join):
      return joinBlock(join)
    case .union(let inputs):
      return unionBlock(inputs)
    case .expand(let input, let expansion):
      return expandBlock(input, expansion)
    case .zipExpand(let input, let expansion):
      return zipExpandBlock(input, expansion)
    case .apply(let input, let expansion, let subquery):
      return applyBlock(input, expansion, subquery: subquery)
    case .appliedElements(let expansion):
      return appliedElementsBlock(expansion)
    case .values(let columns, let rows):
      return valuesBlock(columns, rows)
    case .external(let source):
      return externalBlock(source)
    case .range(let name, let start, let stop, let step):
      return rangeBlock(name: name, start: start, stop: stop, step: step)
    case .window(let input, let windows):
      return windowBlock(input, windows)
    case .series(let cells, let layout):
      return seriesBlock(cells, layout)
    }
  }

  /// Every column of a table.
  private func scanBlock(_ table: Table) -> SelectBlock {
    let from = SQLIdentifier.quoted(table.schema) + "." + SQLIdentifier.quoted(table.name)
    let scan = ScanColumns.columns(of: table)
    var block = SelectBlock(from: from, columns: scan.columns, bareTable: table)
    block.columnListText = table.quotedColumnList
    block.scanPositions = scan.positions
    block.scanTable = table
    return block
  }

  /// The SELECT text of a block read only as a derived table, and the columns it exposes: a block whose select
  /// list is still a whole table's (``SelectBlock/scanTable``) selects `*`, as nothing outside names the table's
  /// hidden `_spoor_` columns, unless `DISTINCT` or grouping would see them (`DISTINCT ON` sees only its keys).
  private func derivedText(_ block: SelectBlock) -> (text: String, scanTable: Table?) {
    guard let table = block.scanTable, !block.isDistinct, block.groupBy == nil else {
      return (block.render(), nil)
    }
    var all = block
    all.columnListText = "*"
    return (all.render(), table)
  }

  /// The block as a derived table of a new block whose columns are its outputs; the new block keeps the inner
  /// order when it is by output columns, unless the caller is about to group (which discards order).
  mutating func wrap(_ block: SelectBlock, keepingOrder: Bool = true) -> SelectBlock {
    let alias = nextAlias()
    let (text, table) = derivedText(block)
    var wrapped: SelectBlock
    if let table {
      // The same columns a scan of the table has: the shared list, not one new column per table column.
      let scan = ScanColumns.columns(of: table)
      wrapped = SelectBlock(from: "(" + text + ") AS " + alias, columns: scan.columns)
      wrapped.columnListText = table.quotedColumnList
      wrapped.scanPositions = scan.positions
      wrapped.scanTable = table
    } else {
      let columns = block.columns.map {
        BlockColumn(
          name: $0.name, fragment: .atom(SQLIdentifier.quoted($0.name)), type: $0.type, isPlain: true,
          isSelfNamed: true)
      }
      wrapped = SelectBlock(from: "(" + text + ") AS " + alias, columns: columns)
    }
    // Keep the inner order outside when it is by output columns.
    let orderColumns = block.orderColumns.compactMap { $0 }
    if keepingOrder, !block.orderBy.isEmpty, orderColumns.count == block.orderBy.count {
      wrapped.orderBy = orderColumns.map { SQLIdentifier.quoted($0.name) + $0.direction }
      wrapped.orderColumns = orderColumns
    }
    return wrapped
  }

  /// The block as an aliased `FROM` item with alias-qualified columns (a bare scan keeps its table).
  mutating func derivedSource(_ block: SelectBlock) -> DerivedSource {
    let alias = nextAlias()
    let text: String
    if block.isBare {
      text = block.from + " AS " + alias
    } else {
      text = "(" + derivedText(block).text + ") AS " + alias
    }
    let columns = block.columns.map {
      BlockColumn(
        name: $0.name, fragment: .atom(alias + "." + SQLIdentifier.quoted($0.name)), type: $0.type,
        isPlain: true,
        isSelfNamed: true)
    }
    return DerivedSource(text: text, columns: columns)
  }

  private mutating func filterBlock(_ input: Relation, _ predicate: ScalarExpression) -> SelectBlock {
    var block = self.block(for: input)
    if !block.acceptsFilter || needsWrap(predicate, over: block) { block = wrap(block) }
    block.bareTable = nil
    let scope = ExpressionScope(block)
    let terms = flatten(.and, [predicate])
    block.whereTerms.reserveCapacity(block.whereTerms.count + terms.count)
    for term in terms {
      block.whereTerms.append(scalar(term, scope))
    }
    return block
  }

  private mutating func projectBlock(_ input: Relation, _ expressions: [NamedExpression])
    -> SelectBlock
  {
    var block = self.block(for: input)
    if !block.acceptsProjection
      || expressions.contains(where: { needsWrap($0.expression, over: block) })
    {
      block = wrap(block)
    }
    let scope = ExpressionScope(block)
    var columns: [BlockColumn] = []
    columns.reserveCapacity(expressions.count)
    for named in expressions {
      if case .column(let name) = named.expression.kind, let column = block.column(named: name) {
        columns.append(
          BlockColumn(
            name: named.name, fragment: column.fragment, type: column.type, isPlain: column.isPlain,
            isSelfNamed: column.isSelfNamed && named.name == name))
      } else {
        let fragment = scalar(named.expression, scope)
        columns.append(
          BlockColumn(
            name: named.name, fragment: fragment, type: named.expression.type, isPlain: false))
      }
    }
    // An order column survives when the projection still outputs its value, possibly renamed.
    block.orderColumns = block.orderColumns.map { entry in
      guard let entry, let before = block.column(named: entry.name),
        let after = columns.first(where: { $0.fragment == before.fragment })
      else { return nil }
      return (after.name, entry.direction)
    }
    block.columns = columns
    return block
  }

  private mutating func aggregateBlock(
    _ input: Relation, groupBy: [NamedExpression], aggregates: [NamedAggregate]
  ) -> SelectBlock {
    var block = self.block(for: input)
    // Grouping over computed columns reads them from a derived table, so each is computed once and named.
    let needs =
      groupBy.contains { needsWrap($0.expression, over: block, strict: true) }
      || aggregates.contains { aggregate in
        aggregate.call.arguments.contains { needsWrap($0, over: block, strict: true) }
          || aggregate.call.filter.map { needsWrap($0, over: block, strict: true) } ?? false
      }
    if !block.acceptsGrouping || needs { block = wrap(block, keepingOrder: false) }
    block.bareTable = nil
    let scope = ExpressionScope(block)
    var columns: [BlockColumn] = []
    var keys: [String] = []
    for key in groupBy {
      let fragment = scalar(key.expression, scope)
      let source = keyColumnName(key.expression).flatMap { block.column(named: $0) }
      keys.append(fragment.text)
      columns.append(
        BlockColumn(
          name: key.name, fragment: fragment, type: key.expression.type,
          isPlain: source?.isPlain ?? false,
          isSelfNamed: (source?.isSelfNamed ?? false) && source?.name == key.name))
    }
    for aggregate in aggregates {
      let fragment = aggregateCall(aggregate.call, grouped: !groupBy.isEmpty, scope)
      columns.append(
        BlockColumn(
          name: aggregate.name, fragment: fragment, type: aggregate.call.type, isPlain: false))
    }
    block.columns = columns
    block.groupBy = keys
    return block
  }

  /// The column name of an expression that is a plain column reference.
  private func keyColumnName(_ expression: ScalarExpression) -> String? {
    if case .column(let name) = expression.kind { return name }
    return nil
  }

  private mutating func sortBlock(_ input: Relation, _ keys: [SortKey]) -> SelectBlock {
    var block = self.block(for: input)
    let onlyColumns = keys.allSatisfy { keyColumnName($0.expression) != nil }
    if block.limit != nil || !block.distinctOn.isEmpty || (block.isDistinct && !onlyColumns)
      || keys.contains(where: { needsWrap($0.expression, over: block) })
    {
      block = wrap(block)
    }
    block.bareTable = nil
    let scope = ExpressionScope(block)
    block.orderBy = keys.map { orderItem($0, scope) }
    block.orderColumns = keys.map { key in
      keyColumnName(key.expression).flatMap { block.column(named: $0) }.map {
        ($0.name, Self.direction(of: key))
      }
    }
    return block
  }

  /// `expression ASC|DESC NULLS FIRST|LAST`.
  mutating func orderItem(_ key: SortKey, _ scope: ExpressionScope) -> String {
    scalar(key.expression, scope).text + Self.direction(of: key)
  }

  /// ` ASC|DESC NULLS FIRST|LAST`.
  static func direction(of key: SortKey) -> String {
    (key.ascending ? " ASC" : " DESC") + (key.nullsFirst ? " NULLS FIRST" : " NULLS LAST")
  }

  private mutating func firstPerKeyBlock(
    _ input: Relation, keys: [ScalarExpression], order: [SortKey]
  ) -> SelectBlock {
    var block = self.block(for: input)
    if !block.acceptsGrouping || keys.contains(where: { needsWrap($0, over: block) })
      || order.contains(where: { needsWrap($0.expression, over: block) })
    {
      block = wrap(block, keepingOrder: false)
    }
    block.bareTable = nil
    let scope = ExpressionScope(block)
    let keyTexts = keys.map { scalar($0, scope).text }
    block.distinctOn = keyTexts
    // No key: the whole input is one group, so its first row (`DISTINCT ON ()` is not SQL).
    if keys.isEmpty { block.limit = bind(.long(1)).text }
    block.orderBy = keyTexts + order.map { orderItem($0, scope) }
    block.orderColumns =
      keys.map { key in keyColumnName(key).flatMap { block.column(named: $0) }.map { ($0.name, "") }
      }
      + order.map { key in
        keyColumnName(key.expression).flatMap { block.column(named: $0) }.map {
          ($0.name, Self.direction(of: key))
        }
      }
    return block
  }

  private mutating func joinBlock(_ join: Join) -> SelectBlock {
    let left = derivedSource(block(for: join.left))
    let right = derivedSource(block(for: join.right))
    var scope = ExpressionScope()
    for column in left.columns { scope.left[column.name] = column.fragment }
    for column in right.columns { scope.right[column.name] = column.fragment }
    let condition = scalar(join.condition, scope).text
    let from: String
    var whereTerms: [SQLFragment] = []
    switch join.kind {
    case .inner: from = left.text + " JOIN " + right.text + " ON " + condition
    case .leftOuter: from = left.text + " LEFT JOIN " + right.text + " ON " + condition
    case .rightOuter: from = left.text + " RIGHT JOIN " + right.text + " ON " + condition
    case .fullOuter: from = left.text + " FULL JOIN " + right.text + " ON " + condition
    case .leftSemi, .leftAnti:
      from = left.text
      let not = join.kind == .leftAnti ? "NOT " : ""
      whereTerms = [
        SQLFragment(not + "EXISTS (SELECT 1 FROM " + right.text + " WHERE " + condition + ")", .not)
      ]
    case .rightSemi, .rightAnti:
      from = right.text
      let not = join.kind == .rightAnti ? "NOT " : ""
      whereTerms = [
        SQLFragment(not + "EXISTS (SELECT 1 FROM " + left.text + " WHERE " + condition + ")", .not)
      ]
    }
    var columns: [BlockColumn] = []
    for output in join.outputs {
      let side = output.side == .left ? scope.left : scope.right
      guard let fragment = side[output.sourceName] else {
        report(SQLDiagnostics.unknownColumn(output.sourceName, at: Span.at(0)))
        continue
      }
      columns.append(
        BlockColumn(
          name: output.name, fragment: fragment, type: output.type, isPlain: true,
          isSelfNamed: output.name == output.sourceName))
    }
    return SelectBlock(from: from, columns: columns, whereTerms: whereTerms)
  }

  private mutating func unionBlock(_ inputs: [Relation]) -> SelectBlock {
    guard inputs.count > 1, let first = inputs.first else {
      return inputs.first.map { block(for: $0) }
        ?? SelectBlock(from: "(SELECT) AS " + nextAlias(), columns: [])
    }
    var arms: [String] = []
    for input in inputs { arms.append("(" + block(for: input).render() + ")") }
    let columns = first.columns.map {
      BlockColumn(
        name: $0.name, fragment: .atom(SQLIdentifier.quoted($0.name)), type: $0.type, isPlain: true,
        isSelfNamed: true)
    }
    return SelectBlock(
      from: "(" + arms.joined(separator: " UNION ALL ") + ") AS " + nextAlias(), columns: columns)
  }

  private mutating func expandBlock(_ input: Relation, _ expansion: Expansion) -> SelectBlock {
    let source = derivedSource(block(for: input))
    guard let target = source.columns.first(where: { $0.name == expansion.column }) else {
      report(SQLDiagnostics.unknownColumn(expansion.column, at: Span.at(0)))
      return SelectBlock(from: source.text, columns: source.columns)
    }
    let alias = nextAlias()
    let value = target.fragment.text
    // Arrays (bags) give one row per element (entry); any other value, null included, one row holding itself.
    let container = expansion.kind == .array ? "array" : "object"
    let isContainer = "jsonb_typeof(\(value)) = '\(container)'"
    let call: String
    let element: SQLFragment
    switch expansion.kind {
    case .array:
      call =
        "jsonb_array_elements(CASE WHEN \(isContainer) THEN \(value) ELSE '[]'::jsonb END)"
        + " WITH ORDINALITY AS \(alias)(\"value\", \"ordinality\")"
      // A JSON null (an element, or the whole value) is Kusto's dynamic null.
      element = .atom(
        "nullif(CASE WHEN \(isContainer) THEN \(alias).\"value\" ELSE \(value) END, 'null'::jsonb)")
    case .bag:
      call =
        "jsonb_each(CASE WHEN \(isContainer) THEN \(value) ELSE '{}'::jsonb END)"
        + " WITH ORDINALITY AS \(alias)(\"key\", \"value\", \"ordinality\")"
      element = .atom(
        "CASE WHEN \(alias).\"key\" IS NOT NULL THEN jsonb_build_object(\(alias).\"key\", \(alias).\"value\")"
          + " WHEN \(isContainer) THEN NULL ELSE \(value) END")
    }
    var block = SelectBlock(
      from: source.text + " LEFT JOIN LATERAL " + call + " ON true", columns: source.columns)
    if !expansion.keepEmpty {
      // Drop empty containers only: other values keep their one row.
      block.whereTerms = [
        SQLFragment(
          "(\(alias).\"ordinality\" IS NOT NULL OR jsonb_typeof(\(value)) IS DISTINCT FROM '\(container)')",
          .atom)
      ]
    }
    if let index = block.columns.firstIndex(where: { $0.name == expansion.column }) {
      let converted = convert(element, from: .dynamic, to: expansion.elementType, span: nil)
      block.columns[index] = BlockColumn(
        name: expansion.column, fragment: converted, type: expansion.elementType, isPlain: false)
    }
    if let indexName = expansion.indexColumn {
      block.columns.append(
        BlockColumn(
          name: indexName, fragment: SQLFragment(alias + ".\"ordinality\" - 1", .additive),
          type: .long, isPlain: false))
    }
    return block
  }

  private mutating func valuesBlock(_ outputs: [OutputColumn], _ rows: [[Value]]) -> SelectBlock {
    let alias = nextAlias()
    let names = outputs.map { SQLIdentifier.quoted($0.name) }.joined(separator: ", ")
    var from: String
    if rows.isEmpty {
      let nulls = outputs.map { "NULL::" + Self.shortTypeName($0.type) }.joined(separator: ", ")
      from = "(SELECT " + nulls + " WHERE false)"
    } else {
      var rowTexts: [String] = []
      for row in rows {
        var items: [String] = []
        for (index, value) in row.enumerated() {
          let type = index < outputs.count ? outputs[index].type : value.type
          var fragment = bind(value)
          if value.type != type { fragment = fragment.cast(Self.shortTypeName(type)) }
          items.append(fragment.text)
        }
        rowTexts.append("(" + items.joined(separator: ", ") + ")")
      }
      from = "(VALUES " + rowTexts.joined(separator: ", ") + ")"
    }
    from += " AS " + alias + "(" + names + ")"
    let columns = outputs.map {
      BlockColumn(
        name: $0.name, fragment: .atom(SQLIdentifier.quoted($0.name)), type: $0.type, isPlain: true,
        isSelfNamed: true)
    }
    return SelectBlock(from: from, columns: columns)
  }

  /// The rows of `externaldata`, bound by the engine as one `jsonb` array of objects.
  ///
  /// `jsonb_to_recordset` types them with the declared columns. Column names come from the query's declaration and are quoted identifiers.
  private mutating func externalBlock(_ source: ExternalSource) -> SelectBlock {
    let alias = nextAlias()
    let declarations = source.columns.map { SQLIdentifier.quoted($0.name) + " " + Self.shortTypeName($0.type) }
    let from =
      "jsonb_to_recordset(" + bind(.external(source)).text + ") AS " + alias + "("
      + declarations.joined(separator: ", ") + ")"
    let columns = source.columns.map {
      BlockColumn(
        name: $0.name, fragment: .atom(SQLIdentifier.quoted($0.name)), type: $0.type, isPlain: true,
        isSelfNamed: true)
    }
    return SelectBlock(from: from, columns: columns)
  }

  private mutating func rangeBlock(
    name: String, start: ScalarExpression, stop: ScalarExpression, step: ScalarExpression
  ) -> SelectBlock {
    let scope = ExpressionScope()
    let alias = nextAlias()
    let quoted = SQLIdentifier.quoted(name)
    var arguments = [scalar(start, scope), scalar(stop, scope), scalar(step, scope)]
    var column = SQLFragment.atom(alias + "." + quoted)
    if start.type == .real || start.type == .int {
      arguments = arguments.map { $0.cast("numeric") }
      column = column.cast(Self.shortTypeName(start.type))
    }
    let from =
      "generate_series(" + arguments.map(\.text).joined(separator: ", ") + ") AS " + alias + "("
      + quoted + ")"
    let isPlain = start.type != .real && start.type != .int
    return SelectBlock(
      from: from,
      columns: [
        BlockColumn(
          name: name, fragment: column, type: start.type, isPlain: isPlain, isSelfNamed: isPlain)
      ])
  }

  private mutating func windowBlock(_ input: Relation, _ windows: [NamedWindowExpression])
    -> SelectBlock
  {
    var block = self.block(for: input)
    // A window call cannot hold another: over a block with windows, any computed column it reads needs a wrap.
    let strict = block.hasWindow
    let needs = windows.contains { window in
      window.expression.arguments.contains { needsWrap($0, over: block, strict: strict) }
        || window.expression.partitionBy.contains { needsWrap($0, over: block, strict: strict) }
        || window.expression.orderBy.contains { needsWrap($0.expression, over: block, strict: strict) }
    }
    if block.groupBy != nil || block.isDistinct || !block.distinctOn.isEmpty || block.limit != nil
      || needs
    {
      block = wrap(block)
    }
    block.bareTable = nil
    let scope = ExpressionScope(block)
    for window in windows {
      let fragment = windowCall(window.expression, inheritedOrder: block.orderBy, scope)
      block.columns.append(
        BlockColumn(
          name: window.name, fragment: fragment, type: window.expression.type, isPlain: false))
    }
    block.hasWindow = true
    return block
  }

  /// `function(...) OVER (PARTITION BY … ORDER BY …)`; a window without its own order follows the block's order.
  private mutating func windowCall(
    _ window: WindowExpression, inheritedOrder: [String], _ scope: ExpressionScope
  ) -> SQLFragment {
    let arguments = window.arguments.map { scalar($0, scope).text }
    let call: String
    var cast: String?
    switch window.function {
    case .rowNumber:
      call = "row_number()"
    case .previous(let offset), .next(let offset):
      let name: String
      if case .previous = window.function { name = "lag" } else { name = "lead" }
      var items = [arguments.first ?? "NULL", bind(.long(offset), as: "integer").text]
      if arguments.count > 1 { items.append(arguments[1]) }
      call = name + "(" + items.joined(separator: ", ") + ")"
    case .rank: call = "rank()"
    case .denseRank: call = "dense_rank()"
    case .firstValue: call = "first_value(" + (arguments.first ?? "NULL") + ")"
    case .lastValue: call = "last_value(" + (arguments.first ?? "NULL") + ")"
    case .aggregate(let function):
      (call, cast) = windowAggregate(function, arguments, type: window.type)
    }
    var over: [String] = []
    if !window.partitionBy.isEmpty {
      over.append(
        "PARTITION BY " + window.partitionBy.map { scalar($0, scope).text }.joined(separator: ", "))
    }
    let order =
      window.orderBy.isEmpty ? inheritedOrder : window.orderBy.map { orderItem($0, scope) }
    if !order.isEmpty { over.append("ORDER BY " + order.joined(separator: ", ")) }
    if let frame = window.frame {
      func bound(_ offset: Int64?, edge: String) -> String {
        guard let offset else { return "UNBOUNDED " + edge }
        if offset == 0 { return "CURRENT ROW" }
        return bind(.long(offset == .min ? .max : abs(offset))).text
          + (offset < 0 ? " PRECEDING" : " FOLLOWING")
      }
      over.append(
        (frame.isRange ? "RANGE" : "ROWS") + " BETWEEN " + bound(frame.start, edge: "PRECEDING") + " AND "
          + bound(frame.end, edge: "FOLLOWING"))
    }
    let windowed = SQLFragment.atom(call + " OVER (" + over.joined(separator: " ") + ")")
    return cast.map { windowed.cast($0) } ?? windowed
  }

  /// An aggregate over a window frame (no FILTER, no empty-input defaults: a frame holds the current row), and the
  /// type its result is cast to.
  private func windowAggregate(_ function: AggregateFunction, _ arguments: [String], type: DataType) -> (
    String, String?
  ) {
    let first = arguments.first ?? "NULL"
    switch function {
    case .count: return (arguments.isEmpty ? "count(*)" : "count(" + first + ")", nil)
    case .sum: return ("sum(" + first + ")", type == .real ? nil : Self.shortTypeName(type))
    case .min: return ("min(" + first + ")", nil)
    case .max: return ("max(" + first + ")", nil)
    case .avg: return ("avg(" + first + ")", "double precision")
    case .stdev: return ("stddev_samp(" + first + ")", "double precision")
    case .stdevPopulation: return ("stddev_pop(" + first + ")", "double precision")
    default: return ("var_samp(" + first + ")", "double precision")
    }
  }

  /// True when `expression` uses a computed column of `block` inside a larger expression (or, when `strict`,
  /// at all), so the block must be wrapped first; a bare reference to a computed column just repeats it.
  func needsWrap(_ expression: ScalarExpression, over block: SelectBlock, strict: Bool = false)
    -> Bool
  {
    if !strict, case .column = expression.kind { return false }
    guard block.hasComputedColumns else { return false }
    var stack = [expression]
    while let next = stack.popLast() {
      switch next.kind {
      case .column(let name):
        if let column = block.column(named: name), !column.isPlain { return true }
      case .joinColumn, .literal, .scalarSubquery:
        break
      case .call(_, let arguments):
        stack.append(contentsOf: arguments)
      case .caseWhen(let clauses, let otherwise):
        for clause in clauses {
          stack.append(clause.condition)
          stack.append(clause.value)
        }
        stack.append(otherwise)
      case .inSubquery(let value, _, _), .termsInSubquery(let value, _, _, _):
        stack.append(value)
      }
    }
    return false
  }
}

extension SelectBlock {
  /// True when the block is still exactly a scan of ``bareTable``.
  var isBare: Bool {
    guard let bareTable, whereTerms.isEmpty, groupBy == nil, !isDistinct, distinctOn.isEmpty,
      orderBy.isEmpty,
      limit == nil, !hasWindow, columns.count == bareTable.columns.count
    else { return false }
    return zip(columns, bareTable.columns).allSatisfy {
      $0.name == $1.name && $0.fragment.text == SQLIdentifier.quoted($1.name)
    }
  }
}
