import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// Binds a parsed XQL query against the catalog into the shared plan.
///
/// Names resolve only through the catalog; every literal becomes a plan literal (so a bind parameter).
struct XQLBinder {
  let catalog: Catalog
  var diagnostics: [Diagnostic] = []
  /// The `_time`-like column of the outermost source, for `QueryPlan.timeColumn`.
  var timeColumn: String?
  /// What `call` can reach.
  let storedQueries: XQLStoredQueries
  /// Inside a called query: the names of the calls leading here (to refuse a cycle) and its `$parameters`.
  var callChain: [String] = []
  var parameters: [String: XQLExpression] = [:]
  /// The hints of the `view graph` stages bound so far, by the stage's span; the plan keeps the one that ends
  /// the outermost query.
  var renderHints: [Span: RenderHint] = [:]

  /// Values of the top-level query's `$name` parameters.
  var queryParameters: QueryParameters = .none

  init(catalog: Catalog, storedQueries: XQLStoredQueries = .none, queryParameters: QueryParameters = .none) {
    self.catalog = catalog
    self.storedQueries = storedQueries
    self.queryParameters = queryParameters
  }

  mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  /// Binds the outermost query into a plan.
  mutating func bindTopLevel(_ query: XQLQuery) -> QueryPlan? {
    guard let scope = bindQuery(query, inherited: XQLOptions(), isOutermost: true) else { return nil }
    let render = query.stages.last.flatMap { renderHints[$0.span] }
    return QueryPlan(relation: scope.relation, language: .xql, timeColumn: timeColumn, render: render)
  }

  /// Binds a query (outer or inner) into a scope; `inherited` are the options of the enclosing query.
  mutating func bindQuery(_ query: XQLQuery, inherited: XQLOptions, isOutermost: Bool = false) -> XQLScope? {
    var options = inherited
    var stages = query.stages[...]
    // Config stages open the query (Palo Alto: "must be added at the beginning"), one or several, each with one
    // or more options.
    while let stage = stages.first, case .config(let configs) = stage.kind {
      stages = stages.dropFirst()
      for config in configs { apply(config, to: &options) }
    }
    var scope: XQLScope
    if let stage = stages.first, isSource(stage) {
      stages = stages.dropFirst()
      guard let source = bindSource(stage, options: options, isOutermost: isOutermost) else { return nil }
      scope = source
    } else {
      guard let table = catalog.table(named: "xdr_data") else {
        report(XQLDiagnostics.unknownDataset("xdr_data", .at(query.span.start), help: nil))
        return nil
      }
      scope = source(table, options: options, isOutermost: isOutermost)
    }
    for stage in stages {
      guard let next = bindStage(stage, scope) else {
        if stage.preservesColumns { continue }
        return nil
      }
      scope = next
    }
    return scope.withoutHiddenColumns()
  }

  func isSource(_ stage: XQLStage) -> Bool {
    switch stage.kind {
    case .dataset, .preset, .call: return true
    default: return false
    }
  }

  /// The scope of a scan of `table`, with the time window applied.
  mutating func source(_ table: Table, options: XQLOptions, isOutermost: Bool) -> XQLScope {
    var scope = XQLScope(scanning: table, options: options)
    let time = table.column(named: "_time")
    if isOutermost, time != nil { timeColumn = "_time" }
    if let window = options.timeframe, time != nil {
      let column = ScalarExpression.column("_time", .datetime)
      var predicate = ScalarExpression.call(.greaterOrEqual, [column, window.lower], type: .bool)
      if let upper = window.upper {
        predicate = .call(.and, [predicate, .call(.lessOrEqual, [column, upper], type: .bool)], type: .bool)
      }
      scope.keepColumns(.filter(scope.relation, predicate))
    }
    return scope
  }

  /// Resolves a dataset name (case-insensitively, reference §1) to a catalog table.
  ///
  /// A name that no table has yet and that is no typo of one reads from the always-empty generic raw dataset, with
  /// a warning saying how to load it: the hunt runs and returns no rows, as it would on a tenant whose integration
  /// (`okta_sso_raw`) has sent nothing yet or that has no lookup dataset of that name. Cortex datasets are not a
  /// closed list: integrations, lookups and `target` stages create them. A preset's name is refused with a help
  /// that points to `preset =`.
  mutating func table(_ name: XQLName) -> Table? {
    if name.text.contains("*") {
      let pattern = name.text.lowercased()
      let matches = XQLTranslator.datasetNames(in: catalog).filter { Self.glob(pattern, matches: $0) }.sorted()
      report(XQLDiagnostics.datasetPattern(name.text, name.span, matches: matches))
      return nil
    }
    if let table = catalog.table(named: name.text) ?? catalog.table(named: name.text.lowercased()) { return table }
    if let match = catalog.tableNames.first(where: { $0.lowercased() == name.text.lowercased() }) {
      return catalog.table(named: match)
    }
    let lowercased = name.text.lowercased()
    let suggestion = NameSuggester.help(for: name.text, among: catalog.tableNames)
    // A name a letter or two from an existing dataset is more likely a typo than a dataset not loaded yet. Other
    // products of one vendor are further apart (`panw_ngfw_system_raw` beside `panw_ngfw_threat_raw`).
    let isTypo = catalog.tableNames.contains {
      NameSuggester.damerauLevenshtein(lowercased, $0.lowercased(), limit: 2) <= 2
    }
    if XQLPreset.all[lowercased] != nil {
      report(XQLDiagnostics.presetAsDataset(name.text, name.span))
      return nil
    }
    if !isTypo, Self.isIngestibleDatasetName(lowercased) {
      report(XQLDiagnostics.emptyRawDataset(lowercased, name.span))
      return Catalog.rawDatasetTemplate
    }
    report(XQLDiagnostics.unknownDataset(name.text, name.span, help: suggestion))
    return nil
  }

  /// True for a name `spoor ingest --dataset` can create (`spoor.create_raw_dataset`: a lowercase letter, then
  /// lowercase letters, digits and `_`, at most 63 bytes).
  static func isIngestibleDatasetName(_ name: String) -> Bool {
    let bytes = name.utf8
    guard let first = bytes.first, bytes.count <= 63, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
      return false
    }
    return bytes.allSatisfy {
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        || $0 == UInt8(ascii: "_")
    }
  }

  /// The table a preset Spoor has no definition of reads, or nil when the name is a typo of a known preset.
  ///
  /// Cortex tenants have presets beyond the documented `xdr_data` views (an integration's, `msft_azure_ad_audit`);
  /// like a dataset not loaded yet, such a preset reads the table `spoor ingest --dataset NAME` loads, or until then
  /// the always-empty generic raw dataset, with a warning.
  mutating func presetWithoutDefinition(_ name: XQLName) -> Table? {
    let lowercased = name.text.lowercased()
    let isTypo = XQLPreset.all.keys.contains { NameSuggester.damerauLevenshtein(lowercased, $0, limit: 2) <= 2 }
    guard !isTypo, Self.isIngestibleDatasetName(lowercased) else { return nil }
    if let table = catalog.table(named: lowercased) { return table }
    report(XQLDiagnostics.emptyPreset(lowercased, name.span))
    return Catalog.rawDatasetTemplate
  }

  mutating func bindSource(_ stage: XQLStage, options: XQLOptions, isOutermost: Bool) -> XQLScope? {
    switch stage.kind {
    case .dataset(let names):
      var scopes: [XQLScope] = []
      for name in names {
        if let table = table(name) { scopes.append(source(table, options: options, isOutermost: isOutermost)) }
      }
      guard scopes.count == names.count, var scope = scopes.first else { return nil }
      for other in scopes.dropFirst() {
        guard let combined = union(scope, other, span: stage.span) else { return nil }
        scope = combined
      }
      return scope
    case .preset(let name):
      guard let preset = XQLPreset.all[name.text.lowercased()] else {
        if let table = presetWithoutDefinition(name) {
          return source(table, options: options, isOutermost: isOutermost)
        }
        report(
          XQLDiagnostics.unknownPreset(
            name.text, name.span, help: NameSuggester.help(for: name.text, among: XQLPreset.all.keys.sorted())))
        return nil
      }
      guard let table = catalog.table(named: "xdr_data") else {
        report(XQLDiagnostics.unknownDataset("xdr_data", name.span, help: nil))
        return nil
      }
      var scope = source(table, options: options, isOutermost: isOutermost)
      var predicate = ScalarExpression.call(
        .equal, [.column("event_type", .string), .literal(.string(preset.eventType))], type: .bool)
      if let ids = preset.eventLogIds, table.column(named: "action_evtlog_event_id") != nil {
        let list = [ScalarExpression.column("action_evtlog_event_id", .long)] + ids.map { .literal(.long($0)) }
        predicate = .call(.and, [predicate, .call(.inList(caseSensitive: true), list, type: .bool)], type: .bool)
      }
      scope.keepColumns(.filter(scope.relation, predicate))
      return scope
    case .call(let call):
      return bindCall(call, options: options, span: stage.span)
    default:
      return nil
    }
  }

  /// `call "name" [p = v …]`: the rows of the stored query `name`, its `$p` read as the literal `v`; the call's
  /// config (time frame, case sensitivity) is inherited unless the stored query sets its own.
  mutating func bindCall(_ call: XQLCallStage, options: XQLOptions, span: Span) -> XQLScope? {
    let key = call.name.text.lowercased()
    guard let text = storedQueries.text(named: call.name.text) else {
      report(
        XQLDiagnostics.unknownStoredQuery(
          call.name.text, call.name.span, help: NameSuggester.help(for: call.name.text, among: storedQueries.names)))
      return nil
    }
    guard !callChain.contains(key) else {
      report(XQLDiagnostics.recursiveStoredQuery(call.name.text, call.name.span))
      return nil
    }
    var values: [String: XQLExpression] = [:]
    for parameter in call.parameters {
      switch parameter.value.kind {
      case .string, .number, .boolean, .null: break
      case .unary(.negate, let operand) where { if case .number = operand.kind { return true } else { return false } }():
        break
      default:
        report(XQLDiagnostics.notALiteral(.callParameter, parameter.value.span))
        return nil
      }
      let name = parameter.name.text.hasPrefix("$") ? String(parameter.name.text.dropFirst()) : parameter.name.text
      values[name] = parameter.value
    }
    let (query, parseDiagnostics) = XQLParser.parse(SourceText(name: call.name.text, text: text))
    var inner = XQLBinder(catalog: catalog, storedQueries: storedQueries)
    inner.callChain = callChain + [key]
    inner.parameters = values
    let scope = parseDiagnostics.containsErrors ? nil : inner.bindQuery(query, inherited: options)
    let errors = (parseDiagnostics + inner.diagnostics).filter(\.isError)
    guard let scope, errors.isEmpty else {
      report(XQLDiagnostics.storedQueryFails(call.name.text, errors.first, call.name.span))
      return nil
    }
    if timeColumn == nil, callChain.isEmpty { timeColumn = inner.timeColumn }
    return scope
  }
}

extension XQLStage {
  /// True for stages that leave the columns as they were, so binding can go on after an error in one.
  var preservesColumns: Bool {
    switch kind {
    case .filter, .sort, .limit, .dedup, .config, .view, .unsupported: return true
    default: return false
    }
  }
}
