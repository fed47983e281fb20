import Foundation
import SpoorPostgres
import Testing

@testable import SpoorEngine

@Suite struct DatabaseLocatorTests {
  @Test func optionWinsOverEnvironment() throws {
    let locator = DatabaseLocator(
      databaseURL: "postgresql://a@option-host/db1",
      environment: ["SPOOR_DATABASE_URL": "postgresql://b@env-host/db2", "PGHOST": "pg-host"])
    let target = try locator.target()
    #expect(target.source == .option)
    #expect(target.configuration.parameters["host"] == "option-host")
  }

  @Test func spoorDatabaseURLWinsOverPGVariables() throws {
    let locator = DatabaseLocator(
      environment: ["SPOOR_DATABASE_URL": "postgresql://b@env-host/db2", "PGHOST": "pg-host"])
    let target = try locator.target()
    #expect(target.source == .spoorDatabaseURL)
    #expect(target.configuration.parameters["dbname"] == "db2")
  }

  @Test func pgVariablesSelectAServer() throws {
    let target = try DatabaseLocator(environment: ["PGHOST": "pg-host", "PGDATABASE": "hunts"]).target()
    #expect(target.source == .postgresEnvironment)
    #expect(target.configuration.parameters["host"] == "pg-host")
    #expect(DatabaseLocator.postgresEnvironmentConfiguration(["PGPASSWORD": "secret"]) == nil)
  }

  @Test func unreachableDatabaseErrorNamesTheTarget() throws {
    let locator = DatabaseLocator(
      databaseURL: "postgresql://hunter:secret@127.0.0.1:1/nowhere?connect_timeout=2", environment: [:])
    #expect {
      _ = try locator.connect()
    } throws: { error in
      let text = "\(error)"
      return error is DatabaseError && text.contains("host=127.0.0.1") && text.contains("port=1")
        && text.contains("dbname=nowhere") && text.contains("--database-url") && !text.contains("secret")
    }
  }
}
