import SpoorPostgres

/// A database holding ``HuntFixture``, created once per suite on first use and shared by its tests.
///
/// Hunts only read, so the tests of a suite can share one database; each test still opens its own connection.
struct HuntDatabase: Sendable {
  /// Why the database could not be prepared, kept as text so the failure can be shared across tests.
  struct Failure: Error, Sendable, CustomStringConvertible {
    var description: String
  }

  private let configuration: Result<ConnectionConfiguration, Failure>

  /// Creates the database now; a failure is reported by every ``runner()`` call.
  init(named name: String) {
    do {
      configuration = .success(try HuntFixture.makeDatabase(named: name))
    } catch {
      configuration = .failure(Failure(description: "cannot prepare the hunt fixture: \(error)"))
    }
  }

  /// A runner on a new connection to the database.
  func runner() throws -> HuntRunner {
    try HuntRunner(configuration: configuration.get())
  }
}
