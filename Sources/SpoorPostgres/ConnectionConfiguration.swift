import CLibPQ
import Foundation

/// Where and how to connect: libpq connection keywords and their values.
///
/// Keywords are the ones libpq documents (`host`, `port`, `dbname`, `user`, `password`, `options`,
/// `application_name`, `connect_timeout`, `sslmode`, …). Keywords left out fall back to libpq's defaults, which
/// include the standard `PG*` environment variables. The configuration is handed to `PQconnectdbParams` as
/// keyword/value arrays; it is never joined into a conninfo string.
public struct ConnectionConfiguration: Sendable, Hashable {
  /// The libpq connection keywords and their values.
  public var parameters: [String: String]

  /// Creates a configuration from libpq keywords.
  public init(parameters: [String: String]) {
    self.parameters = parameters
  }

  /// Parses a `postgres://` or `postgresql://` URI, or a `key=value` conninfo string, with `PQconninfoParse`.
  ///
  /// - Throws: ``PostgresError/Kind-swift.struct/invalidConfiguration`` with libpq's reason when the text does not
  ///   parse (libpq quotes the whole URI in some messages; that quote is removed, since it may hold a password).
  public init(url: String) throws {
    var errorMessage: UnsafeMutablePointer<CChar>?
    guard let options = PQconninfoParse(url, &errorMessage) else {
      let reason = errorMessage.map { String(cString: $0) } ?? "out of memory"
      if let errorMessage { PQfreemem(errorMessage) }
      let firstLine = ServerErrorFields.firstLine(of: reason)
      let redacted =
        url.isEmpty
        ? firstLine
        : firstLine.replacingOccurrences(of: " in URI: \"\(url)\"", with: "")
          .replacingOccurrences(of: url, with: "<connection string>")
      throw PostgresError(kind: .invalidConfiguration, message: "invalid connection string: \(redacted)")
    }
    defer { PQconninfoFree(options) }
    var parameters: [String: String] = [:]
    var option = options
    while let keyword = option.pointee.keyword {
      if let value = option.pointee.val {
        parameters[String(cString: keyword)] = String(cString: value)
      }
      option += 1
    }
    self.parameters = parameters
  }

  /// The standard libpq environment variables and the connection keywords they stand for.
  static let environmentKeywords: [(variable: String, keyword: String)] = [
    ("PGHOST", "host"), ("PGHOSTADDR", "hostaddr"), ("PGPORT", "port"), ("PGDATABASE", "dbname"),
    ("PGUSER", "user"), ("PGPASSWORD", "password"), ("PGPASSFILE", "passfile"), ("PGSERVICE", "service"),
    ("PGOPTIONS", "options"), ("PGAPPNAME", "application_name"), ("PGSSLMODE", "sslmode"),
    ("PGSSLCERT", "sslcert"), ("PGSSLKEY", "sslkey"), ("PGSSLROOTCERT", "sslrootcert"), ("PGSSLCRL", "sslcrl"),
    ("PGSSLCRLDIR", "sslcrldir"), ("PGSSLSNI", "sslsni"), ("PGREQUIRESSL", "requiressl"),
    ("PGSSLCOMPRESSION", "sslcompression"), ("PGSSLMINPROTOCOLVERSION", "ssl_min_protocol_version"),
    ("PGSSLMAXPROTOCOLVERSION", "ssl_max_protocol_version"), ("PGGSSENCMODE", "gssencmode"),
    ("PGKRBSRVNAME", "krbsrvname"), ("PGGSSLIB", "gsslib"), ("PGCONNECT_TIMEOUT", "connect_timeout"),
    ("PGCLIENTENCODING", "client_encoding"), ("PGTARGETSESSIONATTRS", "target_session_attrs"),
    ("PGCHANNELBINDING", "channel_binding"), ("PGREQUIREPEER", "requirepeer"),
  ]

  /// A configuration from the standard `PG*` variables in `env`, or `nil` when none of them is set (non-empty).
  ///
  /// The variables are copied into ``parameters`` under their libpq keywords, so the result means the same whether
  /// `env` is the process environment or not.
  public static func fromEnvironment(_ env: [String: String]) -> ConnectionConfiguration? {
    var parameters: [String: String] = [:]
    for (variable, keyword) in environmentKeywords {
      if let value = env[variable], !value.isEmpty {
        parameters[keyword] = value
      }
    }
    return parameters.isEmpty ? nil : ConnectionConfiguration(parameters: parameters)
  }

  /// The keywords shown first by ``displayDescription``, in this order.
  static let leadingKeywords = ["service", "host", "hostaddr", "port", "dbname", "user"]

  /// Keywords whose values are never shown.
  static let secretKeywords: Set<String> = ["password", "sslpassword"]

  /// A short description such as `host=/tmp/x port=5432 dbname=spoor user=bob`, without any password.
  public var displayDescription: String {
    Self.describe(parameters)
  }

  /// Formats keyword/value pairs like a conninfo string: the leading keywords first, then the rest sorted, secrets
  /// left out, values with spaces or quotes single-quoted.
  static func describe(_ parameters: [String: String]) -> String {
    let visible = parameters.filter { !secretKeywords.contains($0.key) && !$0.value.isEmpty }
    guard !visible.isEmpty else { return "libpq defaults" }
    let rest = visible.keys.filter { !leadingKeywords.contains($0) }.sorted()
    let ordered = leadingKeywords.filter { visible[$0] != nil } + rest
    return ordered.compactMap { key in visible[key].map { "\(key)=\(quoted($0))" } }.joined(separator: " ")
  }

  /// Quotes a conninfo value the way libpq reads it, when it needs quoting.
  private static func quoted(_ value: String) -> String {
    guard value.contains(where: { $0 == " " || $0 == "'" || $0 == "\\" }) else { return value }
    var escaped = ""
    for character in value {
      if character == "'" || character == "\\" { escaped.append("\\") }
      escaped.append(character)
    }
    return "'\(escaped)'"
  }
}
