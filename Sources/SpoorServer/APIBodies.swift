import Foundation
import Hummingbird
import SpoorEngine
import SpoorPlan

// The JSON bodies of `/api/v1`, as `openapi/spoor.yaml` describes them. Optionals that the document marks
// `nullable` and required are encoded as `null` rather than left out.

/// `POST /query`.
struct QueryBody: Decodable, Sendable {
  var query: String
  var language: QueryLanguage?
  var since: String?
  var maxRows: Int64?
  var timeout: String?
  var format: Format?
  var parameters: [String: String]?

  enum Format: String, Decodable, Sendable {
    case json, ndjson, csv
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case query, language, since, timeout, format, parameters
    case maxRows = "max_rows"
  }

  init(from decoder: any Decoder) throws {
    // Unknown keys are refused, as the document's `additionalProperties: false` says.
    let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
    if let unknown = keys.first(where: { CodingKeys(rawValue: $0) == nil && $0 != "max_rows" }) {
      throw APIError.badRequest("unknown field '\(unknown)'")
    }
    let container = try decoder.container(keyedBy: CodingKeys.self)
    query = try container.decodeQuery(forKey: .query)
    language = try container.decodeUnlessAbsent(QueryLanguage.self, forKey: .language)
    since = try container.decodeUnlessAbsent(String.self, forKey: .since)
    maxRows = try container.decodeUnlessAbsent(Int64.self, forKey: .maxRows)
    timeout = try container.decodeUnlessAbsent(String.self, forKey: .timeout)
    format = try container.decodeUnlessAbsent(Format.self, forKey: .format)
    parameters = try container.decodeUnlessAbsent([String: String].self, forKey: .parameters)
  }
}

/// The rules of `QueryRequest`'s `since` and `timeout` that the document states as patterns, here once for the
/// server (a test checks the document carries the same text).
///
/// They are narrower than the CLI's durations (`1h30m`, `1.5h`): one whole number and a unit, small enough that
/// no value overflows or reaches before PostgreSQL's first timestamp.
enum RequestPatterns {
  /// `since`: 0 to 999999 of ms, s, m, h or d.
  static let since = "^[0-9]{1,6}(ms|s|m|h|d)$"
  /// `timeout`: 100 to 999999 ms, or 1 to 999999 of s, m or h (zero would mean no timeout to PostgreSQL, and a
  /// few milliseconds is less than planning takes).
  static let timeout = "^([1-9][0-9]{2,5}ms|[1-9][0-9]{0,5}(s|m|h))$"

  /// Whether `text` matches `pattern` whole.
  static func matches(_ text: String, _ pattern: String) -> Bool {
    (try? Regex(pattern).wholeMatch(in: text)) != nil
  }
}

/// `POST /validate` and `POST /explain`.
struct ValidateBody: Decodable, Sendable {
  var query: String
  var language: QueryLanguage?
  var parameters: [String: String]?

  enum CodingKeys: String, CodingKey {
    case query, language, parameters
  }

  init(from decoder: any Decoder) throws {
    let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
    if let unknown = keys.first(where: { CodingKeys(rawValue: $0) == nil }) {
      throw APIError.badRequest("unknown field '\(unknown)'")
    }
    let container = try decoder.container(keyedBy: CodingKeys.self)
    query = try container.decodeQuery(forKey: .query)
    language = try container.decodeUnlessAbsent(QueryLanguage.self, forKey: .language)
    parameters = try container.decodeUnlessAbsent([String: String].self, forKey: .parameters)
  }
}

extension KeyedDecodingContainer {
  /// The value at `key`, nil when the key is absent; an explicit `null` is refused, as the document (which
  /// marks none of these fields nullable) says.
  func decodeUnlessAbsent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    contains(key) ? try decode(type, forKey: key) : nil
  }
}

extension KeyedDecodingContainer {
  /// The longest query text, in Unicode scalars (the document's `maxLength`).
  static var maxQueryLength: Int { 1_000_000 }

  /// The query text at `key`, refused when empty or longer than ``maxQueryLength`` (the document's
  /// `minLength` and `maxLength`).
  func decodeQuery(forKey key: Key) throws -> String {
    let query = try decode(String.self, forKey: key)
    guard !query.isEmpty else { throw APIError.badRequest("the query is empty") }
    guard query.unicodeScalars.count <= Self.maxQueryLength else {
      throw APIError.badRequest("the query is longer than \(Self.maxQueryLength) characters")
    }
    return query
  }
}

/// Any key, to list a JSON object's keys.
struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

struct Health: ResponseEncodable {
  var status: String
}

struct ColumnInfo: Codable, Sendable {
  var name: String
  var type: String
}

/// The part of a JSON query result written before the rows.
struct QueryHead: Encodable {
  var language: QueryLanguage
  var columns: [ColumnInfo]
  var diagnostics: [DiagnosticBody]
  var render: RenderBody?

  /// The chart the query's `render` (KQL) or `view graph` (XQL) asks for, from the plan.
  struct RenderBody: Encodable {
    /// The visualization, in Kusto's names (`timechart`, `columnchart`, `barchart`, `piechart`, …).
    var kind: String
    var xColumn: String?
    var yColumns: [String]
    var series: [String]
    var title: String?
    /// A stacking or orientation variant (KQL `kind`, XQL `subtype`), as written.
    var variant: String?

    init(_ hint: RenderHint) {
      kind = hint.visualization.rawValue
      xColumn = hint.xColumn
      yColumns = hint.yColumns
      series = hint.series
      title = hint.title
      variant = hint.kind
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(language, forKey: .language)
    try container.encode(columns, forKey: .columns)
    try container.encode(diagnostics, forKey: .diagnostics)
    try container.encode(render, forKey: .render)
  }

  enum CodingKeys: String, CodingKey {
    case language, columns, diagnostics, render
  }
}

/// The part of a JSON query result written after the rows.
struct QueryTail: Encodable {
  var rowCount: Int
  var truncated: Bool
  var elapsedMs: Double
}

struct ValidateResult: ResponseEncodable {
  var valid: Bool
  var language: QueryLanguage
  var diagnostics: [DiagnosticBody]
}

struct ExplainResult: ResponseEncodable {
  var language: QueryLanguage
  var sql: String
  var parameters: [String]
  var plan: [String]
}

struct SchemaBody: ResponseEncodable {
  struct TableBody: Encodable {
    var name: String
    var timeColumn: String?
    var rawDataset: Bool
    var columns: [ColumnInfo]

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(name, forKey: .name)
      try container.encode(timeColumn, forKey: .timeColumn)
      try container.encode(rawDataset, forKey: .rawDataset)
      try container.encode(columns, forKey: .columns)
    }

    enum CodingKeys: String, CodingKey {
      case name, timeColumn, rawDataset, columns
    }
  }
  var tables: [TableBody]
  var presets: [String]
}

struct HuntSummary: Encodable {
  var id: String
  var title: String
  var severity: HuntSeverity
  var language: QueryLanguage?
  var schedule: String
  var enabled: Bool
  var tactics: [String]
  var techniques: [String]

  init(_ hunt: Hunt) {
    id = hunt.id
    title = hunt.title
    severity = hunt.severity
    language = hunt.language
    schedule = hunt.schedule.description
    enabled = hunt.enabled
    tactics = hunt.tactics
    techniques = hunt.techniques
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(title, forKey: .title)
    try container.encode(severity, forKey: .severity)
    try container.encode(language, forKey: .language)
    try container.encode(schedule, forKey: .schedule)
    try container.encode(enabled, forKey: .enabled)
    try container.encode(tactics, forKey: .tactics)
    try container.encode(techniques, forKey: .techniques)
  }

  enum CodingKeys: String, CodingKey {
    case id, title, severity, language, schedule, enabled, tactics, techniques
  }
}

struct HuntList: ResponseEncodable {
  var hunts: [HuntSummary]
}

struct HuntDetail: ResponseEncodable {
  var summary: HuntSummary
  var description: String
  var query: String
  var lookback: String
  var references: [String]
  var file: String

  init(_ hunt: Hunt) {
    summary = HuntSummary(hunt)
    description = hunt.description
    query = hunt.query
    lookback = hunt.lookback.description
    references = hunt.references
    file = hunt.file
  }

  func encode(to encoder: any Encoder) throws {
    try summary.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(description, forKey: .description)
    try container.encode(query, forKey: .query)
    try container.encode(lookback, forKey: .lookback)
    try container.encode(references, forKey: .references)
    try container.encode(file, forKey: .file)
  }

  enum CodingKeys: String, CodingKey {
    case description, query, lookback, references, file
  }
}

struct RunOutcomeBody: ResponseEncodable {
  var huntID: String
  var status: String
  var runID: Int64?
  var rows: Int64?
  var newHits: Int64?
  var error: String?

  init(huntID: String, status: String) {
    self.huntID = huntID
    self.status = status
  }

  init(_ outcome: HuntRunOutcome) {
    huntID = outcome.huntID
    switch outcome {
    case .succeeded(let summary):
      status = "succeeded"
      runID = summary.runID
      rows = summary.rows
      newHits = summary.newHits
    case .failed(let summary, let error):
      status = "failed"
      runID = summary.runID
      self.error = error
    case .busy: status = "busy"
    case .notDue: status = "not_due"
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(huntID, forKey: .huntID)
    try container.encode(status, forKey: .status)
    try container.encode(runID, forKey: .runID)
    try container.encode(rows, forKey: .rows)
    try container.encode(newHits, forKey: .newHits)
    try container.encode(error, forKey: .error)
  }

  enum CodingKeys: String, CodingKey {
    case huntID, status, runID, rows, newHits, error
  }
}

struct ResetBody: ResponseEncodable {
  var id: String
  var reset: Bool
}

struct IngestBody: ResponseEncodable {
  struct Reject: Encodable {
    var line: Int
    var reason: String
  }
  var table: String
  var rowsLoaded: Int
  var rowsRejected: Int
  var rejects: [Reject]
}
