import Foundation
import Hummingbird
import SpoorEngine
import SpoorPostgres

/// `GET /hits` and `GET /runs`: the engine's ``HuntStore`` reads, as JSON pages.
extension SpoorAPI {
  /// One page of hits, newest first; `nextCursor` is the last hit's id when the page is full.
  func hits(_ request: Request) async throws -> HitPage {
    let query = request.uri.queryParameters
    let limit = try integer(query.get("limit"), name: "limit", default: 100, range: 1...10_000)
    var filter = HitFilter(limit: limit)
    filter.huntID = try text(query.get("hunt"), name: "hunt")
    filter.detectedFrom = try instant(query.get("since"), name: "since")
    filter.detectedBefore = try instant(query.get("until"), name: "until")
    if let text = query.get("cursor") {
      guard text.count <= 18, text.allSatisfy(\.isASCII), let id = Int64(text), id >= 0 else {
        throw APIError.badRequest("cursor: pass the nextCursor of the previous page")
      }
      filter.afterHitID = id
    }
    if let text = query.get("severity") {
      guard let severity = HuntSeverity(rawValue: text) else {
        throw APIError.badRequest(
          "severity: one of \(HuntSeverity.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      filter.huntIDs = library.hunts.filter { $0.severity == severity }.map(\.id)
    }
    let fixed = filter
    let result = try await pool.withConnection { try HuntStore(connection: $0).hits(fixed) }
    let severities = Dictionary(library.hunts.map { ($0.id, $0.severity.rawValue) }, uniquingKeysWith: { a, _ in a })
    let hits = try result.rows.map { row in
      let huntID = row["hunt_id"] ?? ""
      let document = Data((row["row"] ?? "{}").utf8)
      return HitBody(
        id: Int64(row["id"] ?? "") ?? 0, huntID: huntID, runID: Int64(row["run_id"] ?? "") ?? 0,
        detectedAt: Self.iso(row, "detected_at") ?? "", severity: severities[huntID],
        row: try JSONDecoder().decode(JSONValue.self, from: document))
    }
    return HitPage(hits: hits, nextCursor: hits.count == Int(limit) ? hits.last.map { String($0.id) } : nil)
  }

  /// The run history, newest first.
  func runs(_ request: Request) async throws -> RunList {
    let query = request.uri.queryParameters
    var filter = RunFilter(limit: try integer(query.get("limit"), name: "limit", default: 50, range: 1...10_000))
    filter.huntID = try text(query.get("hunt"), name: "hunt")
    switch query.get("failed") {
    case nil, "false": filter.failedOnly = false
    case "true": filter.failedOnly = true
    default: throw APIError.badRequest("failed: true or false")
    }
    let fixed = filter
    let result = try await pool.withConnection { try HuntStore(connection: $0).runs(fixed) }
    return RunList(
      runs: result.rows.map { row in
        RunBody(
          id: Int64(row["id"] ?? "") ?? 0, huntID: row["hunt_id"] ?? "", status: row["status"] ?? "",
          attempt: Int(row["attempt"] ?? "") ?? 0, startedAt: Self.iso(row, "started_at") ?? "",
          seconds: row["seconds"].flatMap(Double.init), rows: row["rows"].flatMap { Int64($0) },
          newHits: row["new_hits"].flatMap { Int64($0) }, windowStart: Self.iso(row, "window_start"),
          windowEnd: Self.iso(row, "window_end"), error: row["error"].flatMap { $0.isEmpty ? nil : $0 })
      })
  }

  /// A `timestamptz` cell as ISO 8601 UTC, or nil for NULL.
  private static func iso(_ row: Row, _ name: String) -> String? {
    guard let index = row.columns.firstIndex(where: { $0.name == name }) else { return nil }
    switch row.decoded(index) {
    case .timestamp(let text): return text
    case .null: return nil
    default: return row[index]
    }
  }

  private func integer(_ text: String?, name: String, default value: Int64, range: ClosedRange<Int64>) throws
    -> Int64
  {
    guard let text else { return value }
    guard text.allSatisfy(\.isASCII), let number = Int64(text), range.contains(number) else {
      throw APIError.badRequest("\(name): a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return number
  }

  private func text(_ text: String?, name: String) throws -> String? {
    guard let text else { return nil }
    guard (1...200).contains(text.count) else { throw APIError.badRequest("\(name): 1 to 200 characters") }
    return text
  }

  /// An RFC 3339 date-time, in microseconds since the epoch.
  private func instant(_ text: String?, name: String) throws -> Int64? {
    guard let text else { return nil }
    guard let microseconds = TimestampParser.microseconds(text) else {
      throw APIError.badRequest("\(name): an RFC 3339 date-time such as 2026-01-02T03:04:05Z")
    }
    return microseconds
  }
}

/// Any JSON value, to pass a hit's stored row through unchanged.
enum JSONValue: Codable, Sendable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let flag = try? container.decode(Bool.self) {
      self = .bool(flag)
    } else if let integer = try? container.decode(Int64.self) {
      self = .integer(integer)
    } else if let number = try? container.decode(Double.self) {
      self = .number(number)
    } else if let text = try? container.decode(String.self) {
      self = .string(text)
    } else if let array = try? container.decode([JSONValue].self) {
      self = .array(array)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let flag): try container.encode(flag)
    case .integer(let integer): try container.encode(integer)
    case .number(let number): try container.encode(number)
    case .string(let text): try container.encode(text)
    case .array(let array): try container.encode(array)
    case .object(let object): try container.encode(object)
    }
  }
}

struct HitBody: Encodable {
  var id: Int64
  var huntID: String
  var runID: Int64
  var detectedAt: String
  var severity: String?
  var row: JSONValue

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(huntID, forKey: .huntID)
    try container.encode(runID, forKey: .runID)
    try container.encode(detectedAt, forKey: .detectedAt)
    try container.encode(severity, forKey: .severity)
    try container.encode(row, forKey: .row)
  }

  enum CodingKeys: String, CodingKey {
    case id, huntID, runID, detectedAt, severity, row
  }
}

struct HitPage: ResponseEncodable {
  var hits: [HitBody]
  var nextCursor: String?

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(hits, forKey: .hits)
    try container.encode(nextCursor, forKey: .nextCursor)
  }

  enum CodingKeys: String, CodingKey {
    case hits, nextCursor
  }
}

struct RunBody: Encodable {
  var id: Int64
  var huntID: String
  var status: String
  var attempt: Int
  var startedAt: String
  var seconds: Double?
  var rows: Int64?
  var newHits: Int64?
  var windowStart: String?
  var windowEnd: String?
  var error: String?

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(huntID, forKey: .huntID)
    try container.encode(status, forKey: .status)
    try container.encode(attempt, forKey: .attempt)
    try container.encode(startedAt, forKey: .startedAt)
    try container.encode(seconds, forKey: .seconds)
    try container.encode(rows, forKey: .rows)
    try container.encode(newHits, forKey: .newHits)
    try container.encode(windowStart, forKey: .windowStart)
    try container.encode(windowEnd, forKey: .windowEnd)
    try container.encode(error, forKey: .error)
  }

  enum CodingKeys: String, CodingKey {
    case id, huntID, status, attempt, startedAt, seconds, rows, newHits, windowStart, windowEnd, error
  }
}

struct RunList: ResponseEncodable {
  var runs: [RunBody]
}
