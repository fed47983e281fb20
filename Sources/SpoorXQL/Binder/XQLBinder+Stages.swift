import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension XQLBinder {
  /// Binds one stage after the source; nil after reporting an error.
  mutating func bindStage(_ stage: XQLStage, _ scope: XQLScope) -> XQLScope? {
    let context = XQLNameContext(scope: scope)
    var scope = scope
    switch stage.kind {
    case .config:
      report(XQLDiagnostics.misplacedConfig(stage.span))
      return nil
    case .dataset, .preset, .call:
      report(XQLDiagnostics.misplacedSource(stage.span))
      return nil
    case .view(let graph):
      guard let graph else {
        report(XQLDiagnostics.viewIgnored(stage.keyword.span))
        return scope
      }
      report(XQLDiagnostics.viewGraphNotDrawnByCLI(stage.keyword.span))
      guard let hint = bindViewGraph(graph, stage, scope) else { return nil }
      renderHints[stage.span] = hint
      return scope
    case .windowComp(let windows):
      return bindWindowComp(windows, scope)
    case .ipLocation(let stage):
      return bindIPLocation(stage, scope)
    case .replaceNull(let field, let text):
      // Only a string field can hold the replacement text; other types would change the field's type.
      guard let bound = column(field, scope) else { return nil }
      guard bound.type == .string else {
        report(
          XQLDiagnostics.fieldType("replacenull", .string, field.text, bound.type.rawValue, field.span))
        return nil
      }
      let value = XQLExpression(
        .call(
          XQLName("coalesce", span: field.span),
          [
            XQLExpression(.identifier(field.text), span: field.span),
            XQLExpression(.string(text.text, tripleQuoted: false), span: text.span),
          ]),
        span: field.span.union(text.span))
      return bindAlter([XQLAssignment(name: field, value: value)], scope)
    case .unsupported:
      report(XQLDiagnostics.unsupportedStage(stage.keyword.text, stage.keyword.span))
      return nil
    case .filter(let expression):
      guard let predicate = bindCondition(expression, context) else { return nil }
      scope.keepColumns(.filter(scope.relation, predicate))
      return scope
    case .fields(let fields):
      return bindFields(fields, scope)
    case .alter(let assignments):
      return bindAlter(assignments, scope)
    case .comp(let comp):
      return bindComp(comp, scope)
    case .sort(let items):
      let keys = items.compactMap { sortKey($0, context) }
      guard keys.count == items.count else { return nil }
      scope.keepColumns(.sort(scope.relation, keys))
      scope.order = keys
      return scope
    case .limit(let count):
      scope.keepColumns(.limit(scope.relation, count: count))
      return scope
    case .dedup(let keys, let order):
      let bound = keys.compactMap { column($0, scope) }
      let orderKey = order.flatMap { sortKey($0, context) }
      guard bound.count == keys.count, order == nil || orderKey != nil else { return nil }
      let keyOrder = orderKey.map { [$0] } ?? scope.order
      var relation = Relation.firstPerKey(scope.relation, keys: bound.map(\.expression), order: keyOrder)
      if !scope.order.isEmpty { relation = .sort(relation, scope.order) }
      scope.keepColumns(relation)
      return scope
    case .join(let join):
      return bindJoin(join, scope, span: stage.span)
    case .union(let source):
      let other: XQLScope?
      switch source {
      case .dataset(let name):
        other = table(name).map { self.source($0, options: scope.options, isOutermost: false) }
      case .query(let query):
        other = bindQuery(query, inherited: scope.options)
      }
      guard let other else { return nil }
      return union(scope, other, span: stage.span)
    case .bin(let bin):
      return bindBin(bin, scope)
    case .arrayExpand(let field, let limit):
      guard var bound = column(field, scope) else { return nil }
      if bound.isDocumentField {
        // A raw dataset's field without a column: its JSON value becomes the column the stage expands.
        bound = bound.jsonIfDocumentField
        scope.set(
          .project(
            scope.relation,
            scope.columns.map { NamedExpression(name: $0.name, expression: .column($0.name, $0.type)) }
              + [NamedExpression(name: field.text, expression: bound.expression)]))
      }
      guard bound.type == .dynamic else {
        report(
          XQLDiagnostics.fieldType("arrayexpand", .array, field.text, bound.type.rawValue, field.span))
        return nil
      }
      // Each element is a string, as Cortex's arrays hold strings (`split`, `regextract`, `json_extract_array`'s
      // JSON texts): a JSON string element is its text, any other its JSON text, so `~=`, `contains` and the JSON
      // functions read it as they read `arrayindex`'s result.
      let expansion = Expansion(
        column: scope.resolve(field.text) ?? field.text, kind: .array, elementType: .string, indexColumn: nil,
        keepEmpty: false)
      scope.set(.expand(scope.relation, expansion))
      scope.order = []
      // `limit n` caps the records the stage creates in the result set (the vendor's wording); which elements
      // survive is unspecified, as the expansion's order is.
      if let limit { scope.keepColumns(.limit(scope.relation, count: limit)) }
      return scope
    case .top(let top):
      return bindTop(top, scope)
    }
  }

  /// The functions of `windowcomp` (Palo Alto's numbering, navigation and aggregate functions, plus BigQuery's
  /// `dense_rank` and `lead`), with how many arguments each takes and whether it reads a frame.
  static let windowFunctions: [String: (arguments: ClosedRange<Int>, framed: Bool)] = [
    "row_number": (0...0, false), "rank": (0...0, false), "dense_rank": (0...0, false), "lag": (1...1, false),
    "lead": (1...1, false), "first_value": (1...1, true), "last_value": (1...1, true), "count": (0...1, true),
    "sum": (1...1, true), "avg": (1...1, true), "min": (1...1, true), "max": (1...1, true),
    "stddev_sample": (1...1, true), "stddev_population": (1...1, true), "median": (1...1, true),
  ]

  /// `windowcomp f(x) [by …] [sort …] [between lo [and hi]] [frame_type = rows|range] as name, …`: each function over
  /// its `by` partitions in `sort` order, all over the stage's input rows.
  ///
  /// A frame bound is `null` (the partition's edge), `0` (the current row), `-n` (n before) or `n` (n after); one
  /// bound runs to the current row. Without `between`, a sorted aggregate or `first_value`/`last_value` reads the
  /// rows up to the current one (`between null and 0`), an unsorted one the whole partition.
  mutating func bindWindowComp(_ windows: [XQLWindowStage], _ scope: XQLScope) -> XQLScope? {
    var named: [NamedWindowExpression] = []
    var names = Set<String>()
    for window in windows {
      guard let expression = windowExpression(window, scope) else { return nil }
      guard scope.resolve(window.alias.text) == nil, names.insert(window.alias.text.lowercased()).inserted else {
        report(
          XQLDiagnostics.windowAliasTaken(window.alias.text, window.alias.span))
        return nil
      }
      named.append(NamedWindowExpression(name: window.alias.text, expression: expression))
    }
    var result = scope
    result.set(.window(scope.relation, named))
    return result
  }

  /// One function of a `windowcomp` stage.
  mutating func windowExpression(_ window: XQLWindowStage, _ scope: XQLScope) -> WindowExpression? {
    let context = XQLNameContext(scope: scope)
    let function = window.function.text.lowercased()
    guard let entry = Self.windowFunctions[function] else {
      report(
        XQLDiagnostics.windowFunction(
          window.function.text, translated: Self.windowFunctions.keys.sorted(), window.function.span))
      return nil
    }
    if function == "median" {
      report(
        XQLDiagnostics.windowedMedian(window.function.span))
      return nil
    }
    guard entry.arguments.contains(window.arguments.count) else {
      report(
        XQLDiagnostics.argumentCount(
          window.function.text, expected: "\(entry.arguments.upperBound)", found: window.arguments.count,
          window.function.span))
      return nil
    }
    if let frame = window.frame, !entry.framed {
      report(XQLDiagnostics.frameNotTaken(function, frame))
      return nil
    }
    let arguments = window.arguments.compactMap { bind($0, context) }
    let partitions = window.partitionBy.compactMap { column($0, scope) }
    let order = window.sort.compactMap { sortKey($0, context) }
    guard arguments.count == window.arguments.count, partitions.count == window.partitionBy.count,
      order.count == window.sort.count
    else { return nil }
    if ["rank", "dense_rank", "first_value", "last_value"].contains(function), order.isEmpty {
      report(XQLDiagnostics.sortNeeded(function, window.function.span))
      return nil
    }
    let argument = arguments.first
    let plan: WindowFunction
    var type = argument?.type ?? .long
    switch function {
    case "row_number": plan = .rowNumber
    case "rank": plan = .rank
    case "dense_rank": plan = .denseRank
    case "lag": plan = .previous(offset: 1)
    case "lead": plan = .next(offset: 1)
    case "first_value": plan = .firstValue
    case "last_value": plan = .lastValue
    case "count":
      plan = .aggregate(.count)
      type = .long
    case "min": plan = .aggregate(.min)
    case "max": plan = .aggregate(.max)
    default:
      guard let argument, argument.type.isNumeric else {
        report(
          XQLDiagnostics.needs(
            function, .number, found: argument?.type.rawValue ?? "nothing",
            window.arguments.first?.span ?? window.function.span))
        return nil
      }
      let aggregates: [String: AggregateFunction] = [
        "sum": .sum, "avg": .avg, "stddev_sample": .stdev, "stddev_population": .stdevPopulation,
      ]
      plan = .aggregate(aggregates[function] ?? .sum)
      type = function == "sum" && argument.type != .real ? .long : .real
    }
    var frame: WindowFrame?
    if entry.framed {
      guard let bounds = windowFrame(window, order: order) else { return nil }
      frame = bounds
    }
    return WindowExpression(
      function: plan, arguments: arguments.map(\.expression), partitionBy: partitions.map(\.expression),
      orderBy: order, type: type, frame: frame)
  }

  /// The frame of a framed window function; nil after reporting an error.
  mutating func windowFrame(_ window: XQLWindowStage, order: [SortKey]) -> WindowFrame?? {
    let isRange: Bool
    switch window.frameType?.text.lowercased() {
    case nil, "rows": isRange = false
    case "range": isRange = true
    default:
      report(
        XQLDiagnostics.frameType(window.frameType?.span ?? window.alias.span))
      return nil
    }
    var offsets: [Int64?] = []
    for bound in window.frameBounds {
      switch bound.kind {
      case .null: offsets.append(nil)
      case .number(let text) where Int64(text) != nil: offsets.append(Int64(text))
      case .unary(.negate, let inner):
        guard case .number(let text) = inner.kind, let value = Int64("-" + text) else { fallthrough }
        offsets.append(value)
      default:
        report(XQLDiagnostics.frameBound(bound.span))
        return nil
      }
    }
    if offsets.isEmpty {
      // Palo Alto: a sort without a frame reads `between null and 0`.
      guard window.frameType != nil || !order.isEmpty else { return .some(nil) }
      offsets = [nil, 0]
    } else if offsets.count == 1 {
      offsets.append(0)
    }
    if let start = offsets[0], let end = offsets[1], start > end {
      report(XQLDiagnostics.frameOrder(window.frame ?? window.alias.span))
      return nil
    }
    if isRange, offsets.contains(where: { $0 != nil && $0 != 0 }) {
      guard order.count == 1, [.long, .int].contains(order[0].expression.type) else {
        report(
          XQLDiagnostics.rangeFrameOffsets(window.frame ?? window.alias.span))
        return nil
      }
    }
    // PostgreSQL reads a missing start as the partition's first row and a missing end as its last.
    return .some(WindowFrame(isRange: isRange, start: offsets[0], end: offsets[1]))
  }

  /// The columns `iploc` adds, in Palo Alto's order, with what each reads from `spoor.geoip` (nil: Spoor's GeoIP
  /// table has no such data, so the column is null).
  static let locationColumns: [(name: String, type: DataType, member: String?)] = [
    ("loc_asn", .long, nil), ("loc_asn_org", .string, nil), ("loc_city", .string, "city"),
    ("loc_continent", .string, nil), ("loc_country", .string, "country"), ("loc_latlon", .string, nil),
    ("loc_region", .string, "state"), ("loc_timezone", .string, nil),
  ]

  /// `iploc f [loc_x [as a], …] [suffix = s]`: where the IPv4 address in `f` is.
  ///
  /// The location comes from `spoor.geoip`
  /// (migration 0060, the table KQL's geo_info_from_ip_address reads): `loc_city`, `loc_country`, `loc_region`
  /// (the table's state) and `loc_latlon` ("latitude,longitude"); null without a row holding the address, for text
  /// that is no IPv4 address, and always for `loc_asn`, `loc_asn_org`, `loc_continent` and `loc_timezone`, which
  /// the table does not hold. A column named like an existing field replaces it.
  mutating func bindIPLocation(_ stage: XQLIPLocationStage, _ scope: XQLScope) -> XQLScope? {
    guard let address = column(stage.field, scope), let ip = stringOperand(address, "iploc", stage.field.span) else {
      return nil
    }
    var wanted: [(column: (name: String, type: DataType, member: String?), name: String)] = []
    let suffix = stage.suffix?.text ?? ""
    if stage.columns.isEmpty {
      wanted = Self.locationColumns.map { ($0, $0.name + suffix) }
    }
    for (column, alias) in stage.columns {
      guard let known = Self.locationColumns.first(where: { $0.name == column.text.lowercased() }) else {
        report(
          XQLDiagnostics.unknownField(
            column.text, column.span,
            help: NameSuggester.help(for: column.text, among: Self.locationColumns.map(\.name))
          ))
        return nil
      }
      wanted.append((known, (alias?.text ?? known.name) + suffix))
    }
    let hidden = "_spoor_iploc"
    let isIPv4 = ScalarExpression.call(.isIPv4, [ip], type: .bool)
    let lookup = ScalarExpression.call(.geoInfoFromIP, [ip], type: .dynamic, span: stage.field.span)
    var located = scope.columns.map { NamedExpression(name: $0.name, expression: .column($0.name, $0.type)) }
    located.append(
      NamedExpression(
        name: hidden,
        expression: ScalarExpression(
          .caseWhen([WhenClause(condition: isIPv4, value: lookup)], otherwise: .literal(.null(.dynamic))),
          type: .dynamic)))
    let geo = ScalarExpression.column(hidden, .dynamic)
    func member(_ key: String) -> ScalarExpression {
      let text = ScalarExpression.call(.memberText, [geo, .literal(.string(key))], type: .string)
      // The table keeps "" for an unknown name.
      let empty = ScalarExpression.call(.equal, [text, .literal(.string(""))], type: .bool)
      return ScalarExpression(
        .caseWhen([WhenClause(condition: empty, value: .literal(.null(.string)))], otherwise: text), type: .string)
    }
    func value(_ column: (name: String, type: DataType, member: String?)) -> ScalarExpression {
      if let key = column.member { return member(key) }
      guard column.name == "loc_latlon" else { return .literal(.null(column.type)) }
      let latitude = ScalarExpression.call(.memberText, [geo, .literal(.string("latitude"))], type: .string)
      let longitude = ScalarExpression.call(.memberText, [geo, .literal(.string("longitude"))], type: .string)
      let missing = ScalarExpression.call(
        .or,
        [.call(.isNull, [latitude], type: .bool), .call(.isNull, [longitude], type: .bool)], type: .bool)
      return ScalarExpression(
        .caseWhen(
          [WhenClause(condition: missing, value: .literal(.null(.string)))],
          otherwise: .call(.concat, [latitude, .literal(.string(",")), longitude], type: .string)),
        type: .string)
    }
    let added = Dictionary(wanted.map { ($0.name, value($0.column)) }, uniquingKeysWith: { _, last in last })
    var outputs: [NamedExpression] = scope.columns.map { column in
      NamedExpression(name: column.name, expression: added[column.name] ?? .column(column.name, column.type))
    }
    var seen = Set(scope.columnNames)
    for (_, name) in wanted where seen.insert(name).inserted {
      outputs.append(NamedExpression(name: name, expression: added[name] ?? .literal(.null(.string))))
    }
    var result = scope
    result.set(.project(.project(scope.relation, located), outputs))
    result.enumColumns = scope.enumColumns.subtracting(added.keys)
    return result
  }

  /// A column of the scope by exact name, or an unknown-field diagnostic with suggestions.
  mutating func column(_ name: XQLName, _ scope: XQLScope) -> XQLBound? {
    bindName(name.text, span: name.span, XQLNameContext(scope: scope))
      .flatMap { bound in bound.literal == nil ? bound : nil }
      ?? { () -> XQLBound? in
        if scope.types[name.text] == nil, catalog.enumValues.contains(name.text) {
          report(
            XQLDiagnostics.unknownField(
              name.text, name.span, help: NameSuggester.help(for: name.text, among: scope.columnNames)))
        }
        return nil
      }()
  }

  /// A sort key; BigQuery-backed XQL puts nulls first when ascending and last when descending.
  mutating func sortKey(_ item: XQLSortItem, _ context: XQLNameContext) -> SortKey? {
    guard let bound = bind(item.expression, context) else { return nil }
    return SortKey(expression: bound.expression, ascending: item.ascending, nullsFirst: item.ascending)
  }

  /// `fields`: keeps (or with `-`, removes) the listed fields, renaming with `as`, expanding `*` patterns.
  ///
  /// Spoor returns exactly the listed fields: Cortex's always-present system fields (`_time`, `_product`, …) are not
  /// added to the output, so a hunt's output columns are the ones it names. `_time`, when not listed, goes on as a
  /// hidden column (``XQLScope/hiddenColumns``) that later stages may read.
  mutating func bindFields(_ fields: XQLFieldsStage, _ scope: XQLScope) -> XQLScope? {
    var scope = scope
    var selected: [(source: String, name: String)] = []
    var failed = false
    for item in fields.items {
      if item.isPattern {
        let matches = scope.visibleColumnNames.filter { Self.glob(item.name.text, matches: $0) }
        if matches.isEmpty, scope.types[Table.documentColumnName] == .dynamic {
          // A raw dataset's fields are its documents' keys, known only from the data.
          report(
            XQLDiagnostics.patternOverDocument(item.name.text, item.name.span))
          failed = true
        } else if matches.isEmpty {
          report(XQLDiagnostics.unknownField(item.name.text, item.name.span, help: nil))
          failed = true
        }
        if item.alias != nil {
          report(XQLDiagnostics.renamedPattern(item.name.span))
          failed = true
        }
        selected += matches.map { ($0, $0) }
      } else if column(item.name, scope) != nil {
        // A field in another case is the field under its own name; a raw dataset's document key keeps its own.
        let source = scope.resolve(item.name.text) ?? item.name.text
        selected.append((source, item.alias?.text ?? source))
      } else {
        failed = true
      }
    }
    if failed { return nil }
    if fields.exclude {
      let removed = Set(selected.map(\.source))
      selected = scope.visibleColumnNames.filter { !removed.contains($0) }.map { ($0, $0) }
    }
    var hidden = Set<String>()
    if let time = scope.resolve("_time"), !selected.contains(where: { $0.name == time }) {
      selected.append((time, time))
      hidden.insert(time)
    }
    var seen = Set<String>()
    var outputs: [NamedExpression] = []
    var enums = Set<String>()
    for (source, name) in selected where seen.insert(name).inserted {
      // A raw dataset's field without a column of its own comes from the dataset's document.
      let expression =
        scope.types[source].map { ScalarExpression.column(source, $0) }
        ?? scope.documentField(source, side: nil, span: nil)
        ?? .column(source, .string)
      outputs.append(NamedExpression(name: name, expression: expression))
      if scope.enumColumns.contains(source) { enums.insert(name) }
    }
    scope.set(.project(scope.relation, outputs))
    scope.enumColumns = enums
    scope.hiddenColumns = hidden
    scope.order = scope.order.filter { key in
      if case .column(let name) = key.expression.kind { return seen.contains(name) }
      return false
    }
    return scope
  }

  /// True when `name` matches a `fields` pattern where `*` is any run of characters.
  static func glob(_ pattern: String, matches name: String) -> Bool {
    let pattern = Array(pattern)
    let name = Array(name)
    // matched[j]: the pattern prefix seen so far matches name[0..<j].
    var matched = [Bool](repeating: false, count: name.count + 1)
    matched[0] = true
    for character in pattern {
      if character == "*" {
        for j in 1..<matched.count where matched[j - 1] { matched[j] = true }
      } else {
        for j in stride(from: name.count, to: 0, by: -1) { matched[j] = matched[j - 1] && name[j - 1] == character }
        matched[0] = false
      }
    }
    return matched[name.count]
  }

  /// `alter`: each assignment overwrites a field in place or appends a new one; later ones see earlier ones.
  mutating func bindAlter(_ assignments: [XQLAssignment], _ scope: XQLScope) -> XQLScope? {
    var scope = scope
    for assignment in assignments {
      guard let value = bind(assignment.value, XQLNameContext(scope: scope)) else { return nil }
      var outputs = scope.columns.map { NamedExpression(name: $0.name, expression: .column($0.name, $0.type)) }
      // Assigning to an existing field in another case overwrites it under its own name.
      let target = scope.resolve(assignment.name.text) ?? assignment.name.text
      let named = NamedExpression(name: target, expression: value.expression)
      if let index = outputs.firstIndex(where: { $0.name == target }) {
        outputs[index] = named
      } else {
        outputs.append(named)
      }
      let isEnum = value.isEnumColumn
      scope.set(.project(scope.relation, outputs))
      if isEnum {
        scope.enumColumns.insert(target)
      } else {
        scope.enumColumns.remove(target)
      }
    }
    return scope
  }

  /// `comp`: one row per `by` group.
  ///
  /// An aggregate without `as` is named `<function>_<field>` (`count` for
  /// `count()`), Spoor's answer to reference §9.4.
  mutating func bindComp(_ comp: XQLCompStage, _ scope: XQLScope) -> XQLScope? {
    let context = XQLNameContext(scope: scope)
    var failed = false
    var groupBy: [NamedExpression] = []
    for name in comp.groupBy {
      guard let bound = column(name, scope) else { failed = true; continue }
      groupBy.append(NamedExpression(name: scope.resolve(name.text) ?? name.text, expression: bound.expression))
    }
    var aggregates: [NamedAggregate] = []
    for aggregate in comp.aggregates {
      if aggregate.allFields {
        guard let expanded = allFieldsAggregates(aggregate, comp.groupBy, context) else { failed = true; continue }
        aggregates += expanded
        continue
      }
      guard let call = aggregateCall(aggregate, context) else { failed = true; continue }
      let defaultName: String
      if case .identifier(let field) = aggregate.argument?.kind {
        defaultName = "\(aggregate.function.text.lowercased())_\(field)"
      } else {
        defaultName = aggregate.function.text.lowercased()
      }
      aggregates.append(NamedAggregate(name: aggregate.alias?.text ?? defaultName, call: call))
    }
    if failed { return nil }
    var result = scope
    result.set(.aggregate(scope.relation, groupBy: groupBy, aggregates: aggregates))
    result.enumColumns = Set(
      comp.groupBy.map { scope.resolve($0.text) ?? $0.text }.filter { scope.enumColumns.contains($0) })
    result.order = []
    return result
  }

  /// `agg(*) [as *]`: the aggregate of every field but the `by` keys, named as the field with `as *`, else
  /// `<function>_<field>`.
  mutating func allFieldsAggregates(_ aggregate: XQLAggregate, _ groupBy: [XQLName], _ context: XQLNameContext)
    -> [NamedAggregate]?
  {
    if let alias = aggregate.alias {
      report(XQLDiagnostics.allFieldsAlias(aggregate.function.text, alias.span))
      return nil
    }
    let keys = Set(groupBy.map { context.scope.resolve($0.text) ?? $0.text })
    var named: [NamedAggregate] = []
    for field in context.scope.visibleColumnNames where !keys.contains(field) {
      let single = XQLAggregate(
        function: aggregate.function, argument: XQLExpression(.identifier(field), span: aggregate.span), alias: nil,
        span: aggregate.span)
      guard let call = aggregateCall(single, context) else { return nil }
      let name = aggregate.keepsFieldNames ? field : "\(aggregate.function.text.lowercased())_\(field)"
      named.append(NamedAggregate(name: name, call: call))
    }
    return named
  }

  /// One `comp` aggregate, checked against the function table (``XQLFunctions``).
  mutating func aggregateCall(_ aggregate: XQLAggregate, _ context: XQLNameContext) -> AggregateCall? {
    let name = aggregate.function.text.lowercased()
    guard let entry = XQLFunctions.aggregates[name] else {
      report(
        XQLDiagnostics.unknownAggregate(
          aggregate.function.text, aggregate.function.span,
          help: NameSuggester.help(for: aggregate.function.text, among: XQLFunctions.translatedAggregateNames)))
      return nil
    }
    if case .unsupported(let reason) = entry.status {
      report(XQLDiagnostics.unsupportedFunction(aggregate.function.text, aggregate.function.span, reason: reason))
      return nil
    }
    let count = (aggregate.argument == nil ? 0 : 1) + aggregate.moreArguments.count
    guard count <= entry.arity.upperBound else {
      report(
        XQLDiagnostics.argumentCount(aggregate.function.text, expected: entry.arityText, found: count, aggregate.span))
      return nil
    }
    guard let argumentSyntax = aggregate.argument else {
      guard name == "count" else {
        report(XQLDiagnostics.argumentCount(aggregate.function.text, expected: "1", found: 0, aggregate.span))
        return nil
      }
      return AggregateCall(function: .count, arguments: [], type: .long)
    }
    guard var argument = bind(argumentSyntax, context) else { return nil }
    var value = argument.expression
    switch name {
    case "count": return AggregateCall(function: .count, arguments: [value], type: .long)
    case "count_distinct", "approx_count":
      return AggregateCall(function: .countDistinct, arguments: [value], type: .long)
    case "sum", "avg", "stddev_sample", "stddev_population", "var", "median":
      argument = argument.numberIfDocumentField
      value = argument.expression
      guard argument.type.isNumeric else {
        report(
          XQLDiagnostics.needs(name, .number, found: argument.type.rawValue, argumentSyntax.span))
        return nil
      }
      let functions: [String: AggregateFunction] = [
        "sum": .sum, "avg": .avg, "stddev_sample": .stdev, "stddev_population": .stdevPopulation, "var": .variance,
        "median": .median,
      ]
      let type: DataType = name == "sum" && argument.type != .real ? .long : .real
      return AggregateCall(function: functions[name] ?? .sum, arguments: [value], type: type)
    case "min": return AggregateCall(function: .min, arguments: [value], type: argument.type)
    case "max": return AggregateCall(function: .max, arguments: [value], type: argument.type)
    case "values": return AggregateCall(function: .makeSet(limit: nil), arguments: [value], type: .dynamic)
    case "list": return AggregateCall(function: .makeList(limit: nil), arguments: [value], type: .dynamic)
    default:
      // earliest/first: the value at the smallest _time; latest/last: at the largest.
      guard let time = context.scope.types["_time"], time == .datetime else {
        report(XQLDiagnostics.missingTimeField("'\(name)'", aggregate.span))
        return nil
      }
      let function: AggregateFunction = name == "earliest" || name == "first" ? .valueAtMin : .valueAtMax
      return AggregateCall(function: function, arguments: [.column("_time", .datetime), value], type: argument.type)
    }
  }

  /// `join`: the inner query's fields are `alias.field` in the condition; clashing names follow
  /// `conflict_strategy` (default `right`: the inner query's value wins; `left`: the outer one's; `both`: both, the
  /// inner ones renamed `<name>_joined_10`, `_joined_11`, … in the inner query's field order).
  mutating func bindJoin(_ join: XQLJoinStage, _ scope: XQLScope, span: Span) -> XQLScope? {
    let kinds: [String: JoinKind] = ["inner": .inner, "left": .leftOuter, "right": .rightOuter]
    let kind = kinds[join.type?.text.lowercased() ?? "inner"]
    if kind == nil, let type = join.type {
      report(XQLDiagnostics.joinType(type.text, type.span))
    }
    let strategy = join.conflictStrategy?.text.lowercased() ?? "right"
    let strategies = ["left", "right", "both"]
    if !strategies.contains(strategy), let option = join.conflictStrategy {
      report(
        XQLDiagnostics.conflictStrategy(option.text, option.span))
    }
    guard let right = bindQuery(join.query, inherited: scope.options) else { return nil }
    let condition = bindCondition(join.condition, XQLNameContext(scope: scope, join: (join.alias.text, right)))
    guard let condition, let kind, strategies.contains(strategy) else { return nil }
    var outputs: [JoinOutput] = []
    if strategy == "both" {
      outputs = scope.columns.map { JoinOutput(name: $0.name, side: .left, sourceName: $0.name, type: $0.type) }
      var suffix = 10
      for column in right.columns {
        var name = column.name
        if scope.types[name] != nil {
          name += "_joined_\(suffix)"
          suffix += 1
          guard scope.types[name] == nil, right.types[name] == nil else {
            report(
              XQLDiagnostics.conflictBoth(name, span))
            return nil
          }
        }
        outputs.append(JoinOutput(name: name, side: .right, sourceName: column.name, type: column.type))
      }
    } else {
      for column in scope.columns {
        if strategy == "right", let type = right.types[column.name] {
          outputs.append(JoinOutput(name: column.name, side: .right, sourceName: column.name, type: type))
        } else {
          outputs.append(JoinOutput(name: column.name, side: .left, sourceName: column.name, type: column.type))
        }
      }
      for column in right.columns where scope.types[column.name] == nil {
        outputs.append(JoinOutput(name: column.name, side: .right, sourceName: column.name, type: column.type))
      }
    }
    // Two raw datasets: the fields without a column of their own are in each side's document, so the joined
    // document holds both sides' members, clashing keys resolved by the strategy as for columns.
    let document = Table.documentColumnName
    let mergesDocuments = strategy != "both" && scope.types[document] == .dynamic && right.types[document] == .dynamic
    let otherDocument = "_spoor_joined_document"
    if mergesDocuments {
      outputs.append(
        JoinOutput(
          name: otherDocument, side: strategy == "right" ? .left : .right, sourceName: document, type: .dynamic))
    }
    var result = scope
    result.set(
      .join(Join(left: scope.relation, right: right.relation, kind: kind, condition: condition, outputs: outputs)))
    if mergesDocuments {
      result.set(
        .project(
          result.relation,
          outputs.filter { $0.name != otherDocument }.map { output in
            guard output.name == document else {
              return NamedExpression(name: output.name, expression: .column(output.name, output.type))
            }
            let winner = ScalarExpression.column(document, .dynamic)
            let loser = ScalarExpression.column(otherDocument, .dynamic)
            return NamedExpression(
              name: document, expression: .call(.mergeObjects, [loser, winner], type: .dynamic))
          }))
    }
    result.enumColumns = Set(
      outputs.filter { output in
        output.side == .left
          ? scope.enumColumns.contains(output.sourceName) : right.enumColumns.contains(output.sourceName)
      }.map(\.name))
    // A field the inner query shows under its own name stays shown.
    if strategy != "both" { result.hiddenColumns = scope.hiddenColumns.subtracting(right.visibleColumnNames) }
    result.order = []
    return result
  }

  /// Appends the rows of `other`, aligning both to the union of their columns (missing ones are null).
  mutating func union(_ first: XQLScope, _ other: XQLScope, span: Span) -> XQLScope? {
    var columns = first.columns
    for column in other.columns where first.types[column.name] == nil { columns.append(column) }
    for column in other.columns {
      if let type = first.types[column.name], type != column.type {
        report(
          XQLDiagnostics.unionFieldTypes(column.name, type.rawValue, column.type.rawValue, span))
        return nil
      }
    }
    func aligned(_ scope: XQLScope) -> Relation {
      if scope.columns == columns { return scope.relation }
      return .project(
        scope.relation,
        columns.map { column in
          NamedExpression(
            name: column.name,
            expression: scope.types[column.name] != nil
              ? .column(column.name, column.type) : .literal(.null(column.type)))
        })
    }
    var result = first
    result.set(.union([aligned(first), aligned(other)]))
    result.enumColumns = first.enumColumns.union(other.enumColumns)
    // A field the other side shows stays shown.
    result.hiddenColumns = first.hiddenColumns.subtracting(other.visibleColumnNames)
    result.order = []
    return result
  }

  /// `bin f span = <duration>`: replaces a timestamp field with the start of its bucket.
  mutating func bindBin(_ bin: XQLBinStage, _ scope: XQLScope) -> XQLScope? {
    guard let field = column(bin.field, scope) else { return nil }
    if let option = bin.unsupportedOptions.first {
      report(XQLDiagnostics.binOption(option.text, option.span))
      return nil
    }
    guard let span = bin.span else {
      report(XQLDiagnostics.binCount(bin.field.span))
      return nil
    }
    guard field.type == .datetime else {
      report(
        XQLDiagnostics.fieldType("bin span", .timestamp, bin.field.text, field.type.rawValue, bin.field.span))
      return nil
    }
    let microsecondsPerUnit: [String: Int64] = [
      "ms": 1_000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000, "d": 86_400_000_000, "w": 604_800_000_000,
    ]
    let bucket: ScalarExpression
    if let perUnit = microsecondsPerUnit[span.unit], span.amount > 0,
      case (let size, false) = span.amount.multipliedReportingOverflow(by: perUnit)
    {
      bucket = .call(.bin, [field.expression, .literal(.timespan(microseconds: size))], type: .datetime)
    } else if span.amount == 1, span.unit == "mo" {
      bucket = .call(.startOfMonth, [field.expression], type: .datetime)
    } else if span.amount == 1, span.unit == "y" {
      bucket = .call(.startOfYear, [field.expression], type: .datetime)
    } else {
      report(XQLDiagnostics.binSpan(span.amount, span.unit, span.span))
      return nil
    }
    var scope = scope
    let binned = scope.resolve(bin.field.text) ?? bin.field.text
    let outputs = scope.columns.map { column in
      NamedExpression(
        name: column.name, expression: column.name == binned ? bucket : .column(column.name, column.type))
    }
    scope.set(.project(scope.relation, outputs))
    return scope
  }

  /// `top [n] f [by g…]`: the n most frequent values with `top_count` and `top_percent` (share of all rows).
  mutating func bindTop(_ top: XQLTopStage, _ scope: XQLScope) -> XQLScope? {
    let fields = [top.field] + top.groupBy
    let bound = fields.compactMap { column($0, scope) }
    guard bound.count == fields.count else { return nil }
    let countName = top.countAlias?.text ?? "top_count"
    let percentName = top.percentAlias?.text ?? "top_percent"
    let names = fields.map { scope.resolve($0.text) ?? $0.text }
    let groupBy = zip(names, bound).map { NamedExpression(name: $0, expression: $1.expression) }
    let counted = Relation.aggregate(
      scope.relation, groupBy: groupBy,
      aggregates: [NamedAggregate(name: countName, call: AggregateCall(function: .count, arguments: [], type: .long))])
    let total = ScalarExpression(
      .scalarSubquery(
        .aggregate(
          scope.relation, groupBy: [],
          aggregates: [NamedAggregate(name: "total", call: AggregateCall(function: .count, arguments: [], type: .long))]
        )),
      type: .long)
    let percent = ScalarExpression.call(
      .divide,
      [.call(.multiply, [.column(countName, .long), .literal(.real(100))], type: .real), total], type: .real)
    var outputs = counted.columns.map { NamedExpression(name: $0.name, expression: .column($0.name, $0.type)) }
    outputs.append(NamedExpression(name: percentName, expression: percent))
    let order = [SortKey(expression: .column(countName, .long), ascending: false, nullsFirst: false)]
    var result = scope
    result.set(.limit(.sort(.project(counted, outputs), order), count: top.count ?? 10))
    result.enumColumns = Set(names.filter { scope.enumColumns.contains($0) })
    result.order = order
    return result
  }
}
