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
  /// Warnings and notes from binding (for example ignored join hints, `render` ignored).
  public var notes: [Diagnostic]

  /// Creates a plan.
  public init(relation: Relation, language: QueryLanguage, timeColumn: String? = nil, notes: [Diagnostic] = []) {
    self.relation = relation
    self.language = language
    self.timeColumn = timeColumn
    self.notes = notes
  }
}

/// The outcome of translating query text: a plan, or the diagnostics explaining why there is none.
public struct BindResult: Sendable {
  /// The plan, when there were no errors.
  public var plan: QueryPlan?
  /// Every diagnostic, errors and warnings, in source order.
  public var diagnostics: [Diagnostic]

  /// Creates a result.
  public init(plan: QueryPlan?, diagnostics: [Diagnostic]) {
    self.plan = plan
    self.diagnostics = diagnostics
  }
}
