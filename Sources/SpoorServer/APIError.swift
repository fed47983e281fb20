import Foundation
import Hummingbird
import NIOCore
import SpoorDiagnostics
import SpoorEngine
import SpoorPostgres

/// Every error the API answers, in one JSON shape: `{"error": {"code", "message", "sqlstate", "diagnostics"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
  /// The HTTP status.
  public var status: HTTPResponse.Status
  /// A stable machine-readable code (`unauthorized`, `invalid_query`, …).
  public var code: String
  /// A human-readable message.
  public var message: String
  /// PostgreSQL's SQLSTATE, for `database` errors.
  public var sqlState: String?
  /// Where and why a query does not translate, as the CLI prints them.
  public var diagnostics: [DiagnosticBody] = []
  /// Headers the answer carries besides the content type (`Allow` of a 405).
  public var headers: HTTPFields = [:]

  /// Creates an error.
  public init(
    _ status: HTTPResponse.Status, code: String, message: String, sqlState: String? = nil,
    diagnostics: [DiagnosticBody] = [], headers: HTTPFields = [:]
  ) {
    self.status = status
    self.code = code
    self.message = message
    self.sqlState = sqlState
    self.diagnostics = diagnostics
    self.headers = headers
  }

  static let unauthorized = APIError(
    .unauthorized, code: "unauthorized", message: "a valid bearer token is required (spoor token create)")

  static func forbidden(_ required: Role) -> APIError {
    APIError(.forbidden, code: "forbidden", message: "this call needs a token with the \(required.rawValue) role")
  }

  static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message: message) }

  static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message: message) }

  /// A database error: 400 with its SQLSTATE (the statement was refused, timed out or was cancelled).
  static func database(_ error: PostgresError) -> APIError {
    var message = error.message
    if let hint = error.hint { message += " (hint: \(hint))" }
    return APIError(.badRequest, code: "database", message: message, sqlState: error.sqlState)
  }

  /// Any error as an `APIError`: Hummingbird's own (bad JSON, unknown route) keep their status.
  static func from(_ error: any Error) -> APIError {
    switch error {
    case let error as APIError: return error
    case let error as PostgresError: return .database(error)
    case let error as HTTPError:
      let code =
        switch error.status {
        case .notFound: "not_found"
        case .badRequest, .contentTooLarge: "bad_request"
        case .methodNotAllowed: "method_not_allowed"
        case .unauthorized: "unauthorized"
        default: "http_\(error.status.code)"
        }
      return APIError(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
    case let error as HuntStoreError: return APIError(.conflict, code: "conflict", message: error.description)
    case is DecodingError: return .badRequest("the body is not the JSON this call takes: \(error)")
    case let error as NIOTooManyBytesError:
      return .badRequest("the body is larger than \(error.maxBytes.map(String.init) ?? "the server allows") bytes")
    default: return APIError(.internalServerError, code: "internal", message: "\(error)")
    }
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    let body = ErrorBody(
      error: .init(code: code, message: message, sqlstate: sqlState, diagnostics: diagnostics))
    var headers = self.headers
    headers[.contentType] = "application/json"
    if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
    return Response(
      status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(body))))
  }
}

/// The JSON body of an error.
struct ErrorBody: Codable {
  struct Detail: Codable {
    var code: String
    var message: String
    var sqlstate: String?
    var diagnostics: [DiagnosticBody]

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(code, forKey: .code)
      try container.encode(message, forKey: .message)
      try container.encode(sqlstate, forKey: .sqlstate)
      try container.encode(diagnostics, forKey: .diagnostics)
    }
  }
  var error: Detail
}

/// One diagnostic as JSON: the code, severity, message, 1-based line and column of both ends, the byte span and
/// the suggestion, as the CLI renders them.
public struct DiagnosticBody: Codable, Sendable, Hashable {
  var code: String
  var severity: String
  var category: String
  var message: String
  var line: Int
  var column: Int
  var endLine: Int
  var endColumn: Int
  var span: SpanBody
  var suggestion: String?
  var notes: [String]

  struct SpanBody: Codable, Sendable, Hashable {
    var start: Int
    var end: Int
  }

  /// The diagnostic placed in its source.
  init(_ diagnostic: Diagnostic, in source: SourceText) {
    let start = source.location(of: diagnostic.span.start)
    let end = source.location(of: diagnostic.span.end)
    code = diagnostic.code.rawValue
    severity = diagnostic.severity.rawValue
    category = diagnostic.category.rawValue
    message = diagnostic.message
    line = start.line
    column = start.column
    endLine = end.line
    endColumn = end.column
    span = SpanBody(start: diagnostic.span.start, end: diagnostic.span.end)
    suggestion = diagnostic.help
    notes = diagnostic.notes
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(code, forKey: .code)
    try container.encode(severity, forKey: .severity)
    try container.encode(category, forKey: .category)
    try container.encode(message, forKey: .message)
    try container.encode(line, forKey: .line)
    try container.encode(column, forKey: .column)
    try container.encode(endLine, forKey: .endLine)
    try container.encode(endColumn, forKey: .endColumn)
    try container.encode(span, forKey: .span)
    try container.encode(suggestion, forKey: .suggestion)
    try container.encode(notes, forKey: .notes)
  }
}
