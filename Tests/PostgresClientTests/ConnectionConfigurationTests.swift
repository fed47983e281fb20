import SpoorPostgres
import Testing

@Suite("ConnectionConfiguration")
struct ConnectionConfigurationTests {
  @Test("a postgres:// URL becomes libpq keywords")
  func parsesURL() throws {
    let configuration = try ConnectionConfiguration(
      url: "postgres://bob:s%40cret@db.example:6543/hunts?sslmode=require&application_name=spoor%20cli")
    #expect(
      configuration.parameters == [
        "user": "bob", "password": "s@cret", "host": "db.example", "port": "6543", "dbname": "hunts",
        "sslmode": "require", "application_name": "spoor cli",
      ])
  }

  @Test("a postgresql:// URL with a Unix socket directory in the host parameter")
  func parsesSocketURL() throws {
    let configuration = try ConnectionConfiguration(url: "postgresql:///spoor?host=/tmp/pg%20dir&user=alice")
    #expect(configuration.parameters == ["dbname": "spoor", "host": "/tmp/pg dir", "user": "alice"])
  }

  @Test("a key=value conninfo string, with a quoted value")
  func parsesConninfo() throws {
    let configuration = try ConnectionConfiguration(url: "host=/tmp/x port=5432 dbname='my db' user=bob")
    #expect(configuration.parameters == ["host": "/tmp/x", "port": "5432", "dbname": "my db", "user": "bob"])
  }

  @Test("an unparsable URL fails with libpq's reason and without echoing the password")
  func rejectsBadURL() throws {
    let error = try #require(throws: PostgresError.self) {
      try ConnectionConfiguration(url: "postgres://bob:hunter2@[::1/db")
    }
    #expect(error.kind == .invalidConfiguration)
    #expect(error.description.contains("invalid connection string"))
    #expect(!error.description.contains("hunter2"))
  }

  @Test("an unknown conninfo keyword is refused")
  func rejectsUnknownKeyword() throws {
    let error = try #require(throws: PostgresError.self) {
      try ConnectionConfiguration(url: "host=/tmp nosuchkeyword=1")
    }
    #expect(error.kind == .invalidConfiguration)
    #expect(error.message.contains("nosuchkeyword"))
  }

  @Test("PG* variables map to keywords; unrelated or empty variables do not count")
  func readsEnvironment() throws {
    #expect(ConnectionConfiguration.fromEnvironment(["HOME": "/root", "PGHOST": ""]) == nil)
    let configuration = try #require(
      ConnectionConfiguration.fromEnvironment([
        "PGHOST": "/tmp/sock", "PGPORT": "5433", "PGDATABASE": "spoor", "PGUSER": "bob", "PGPASSWORD": "pw",
        "PGSSLMODE": "disable", "PATH": "/usr/bin",
      ]))
    #expect(
      configuration.parameters == [
        "host": "/tmp/sock", "port": "5433", "dbname": "spoor", "user": "bob", "password": "pw", "sslmode": "disable",
      ])
    #expect(ConnectionConfiguration.fromEnvironment(["PGSERVICE": "hunting"])?.parameters == ["service": "hunting"])
  }

  @Test("displayDescription orders the usual keywords first and never shows the password")
  func describesWithoutPassword() {
    let configuration = ConnectionConfiguration(parameters: [
      "user": "bob", "password": "hunter2", "dbname": "spoor", "port": "5432", "host": "/tmp/x",
      "sslmode": "disable", "application_name": "spoor cli",
    ])
    #expect(
      configuration.displayDescription
        == "host=/tmp/x port=5432 dbname=spoor user=bob application_name='spoor cli' sslmode=disable")
    #expect(ConnectionConfiguration(parameters: [:]).displayDescription == "libpq defaults")
  }
}
