import SpoorDiagnostics

/// The language a query is written in.
public enum QueryLanguage: String, Hashable, Sendable, CaseIterable, Codable {
  case kql
  case xql
}

/// A bound query: the relation to run plus what the run needs to know about it.
public struct QueryPlan: Hashable, Sendable {
  /// The relation whose rows are the answer.
  public var relation: Relation
  /// The source language.
  public var language: QueryLanguage
  /// The column `--since` windows and scheduled runs filter on (`Timestamp`, `_time`), when the query's
  /// source table has one.
  public var timeColumn: String?
  /// Warnings and notes from binding, such as ignored join hints or a `render` the CLI does not draw.
  public var notes: [Diagnostic]
  /// The chart the query asks for (KQL `render`, XQL `view graph`), when its last operator names one.
  public var render: RenderHint?

  /// Creates a plan.
  public init(
    relation: Relation, language: QueryLanguage, timeColumn: String? = nil, notes: [Diagnostic] = [],
    render: RenderHint? = nil
  ) {
    self.relation = relation
    self.language = language
    self.timeColumn = timeColumn
    self.notes = notes
    self.render = render
  }
}

/// The outcome of translating query text: a plan, or the diagnostics explaining why there is none.
public struct BindResult: Sendable {
  /// The plan, when there were no errors.
  public var plan: QueryPlan?
  /// Every diagnostic, errors and warnings, in source order.
  public var diagnostics: [Diagnostic]
  /// When set, there is no plan yet: binding needs the keys this discovery reads (bind again with them).
  public var keyDiscovery: BagKeyDiscovery?

  /// Creates a result.
  public init(plan: QueryPlan?, diagnostics: [Diagnostic], keyDiscovery: BagKeyDiscovery? = nil) {
    self.plan = plan
    self.diagnostics = diagnostics
    self.keyDiscovery = keyDiscovery
  }
}
