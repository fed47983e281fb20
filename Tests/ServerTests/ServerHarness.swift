import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SpoorEngine
import SpoorPostgres
import SpoorServer
import SpoorTestSupport
import Testing

/// A `spoor serve` application over a fresh test database, with one token per role, driven over real loopback
/// HTTP (HummingbirdTesting's `.live` client).
struct ServerHarness {
  /// The test database.
  let database: ConnectionConfiguration
  /// The server's configuration.
  var configuration: ServerConfiguration
  /// A live token per role.
  let tokens: [Role: String]

  /// The hunt every harness serves: calc.exe starts, as a KQL hunt.
  static let huntYAML = """
    id: calc-starts
    title: "Calculator started"
    description: |
      A test hunt.
    severity: medium
    tactics: [execution]
    techniques: [T1059]
    language: kql
    schedule: 1h
    lookback: 7d
    enabled: true
    query: |
      DeviceProcessEvents
      | where FileName =~ "calc.exe"
      | project Timestamp, DeviceName, FileName
    """

  /// Creates a database named `name`, tokens for every role, and the server configuration.
  init(_ name: String, caps: QueryCaps = QueryCaps()) throws {
    database = try TestDatabase.makeDatabase(named: name)
    let connection = try Connection(configuration: database)
    defer { connection.close() }
    var tokens: [Role: String] = [:]
    for role in Role.allCases {
      tokens[role] = try TokenStore.create(name: "test-\(role.rawValue)", role: role, on: connection)
    }
    self.tokens = tokens
    let hunt = try HuntFileParser.parse(Self.huntYAML, file: "queries/calc-starts.yaml").get()
    let database = database
    configuration = ServerConfiguration(library: HuntLibrary(hunts: [hunt])) {
      try Connection(configuration: database)
    }
    configuration.port = 0
    configuration.caps = caps
  }

  /// Runs `body` with a client of a running server.
  func run<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
    var logger = Logger(label: "spoor.serve.test")
    logger.logLevel = .warning
    let app = try await SpoorServer.makeApplication(configuration, logger: logger)
    return try await app.test(.live, body)
  }

  /// Headers with the bearer token of `role` (none for nil).
  func headers(_ role: Role?, json: Bool = true) -> HTTPFields {
    var headers = HTTPFields()
    if let role { headers[.authorization] = "Bearer \(tokens[role]!)" }
    if json { headers[.contentType] = "application/json" }
    return headers
  }
}

/// JSON helpers for test responses.
enum Body {
  /// A JSON text as a buffer.
  static func json(_ object: Any) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
  }

  /// The response body as a JSON object.
  static func object(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(response.body.readableBytesView)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw ServerTestError(message: "not a JSON object: \(String(decoding: data, as: UTF8.self))")
    }
    return object
  }

  /// The response body as text.
  static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

  /// Checks the API's one error shape and returns the error object.
  @discardableResult
  static func error(_ response: TestResponse, status: HTTPResponse.Status, code: String) throws -> [String: Any] {
    #expect(response.status == status, "\(text(response))")
    #expect(response.headers[.contentType] == "application/json")
    let error = try #require(try object(response)["error"] as? [String: Any], "\(text(response))")
    #expect(error["code"] as? String == code, "\(error)")
    #expect(error["message"] is String)
    #expect(error["diagnostics"] is [Any])
    #expect(error.keys.contains("sqlstate"))
    return error
  }
}

/// ISO 8601 text for an instant some seconds ago.
func isoAgo(seconds: Double) -> String {
  let formatter = ISO8601DateFormatter()
  return formatter.string(from: Date().addingTimeInterval(-seconds))
}

/// A test precondition that failed.
struct ServerTestError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
