import SpoorFormats
import SpoorPostgres
import SpoorSQL

/// The scratch database `spoor bench` measures in, dropped and created again on each run.
public enum ScratchDatabase {
  /// The scratch database's name.
  public static let name = "spoor_bench"

  /// Drops and creates ``name`` on the server `server` points at, and returns how to connect to it.
  public static func recreate(on server: ConnectionConfiguration) throws -> ConnectionConfiguration {
    let admin = try Connection(configuration: server)
    defer { admin.close() }
    try admin.executeScript("DROP DATABASE IF EXISTS \(SQLIdentifier.quoted(name))")
    try admin.executeScript("CREATE DATABASE \(SQLIdentifier.quoted(name))")
    var configuration = server
    configuration.parameters["dbname"] = name
    return configuration
  }
}
