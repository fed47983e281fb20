import ArgumentParser
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine

/// `spoor schema [TABLE]`: the tables and columns queries can use, read from the connected database.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "List the queryable tables, or one table's columns and types, from the connected database.")

  @OptionGroup var database: DatabaseOptions

  @Argument(help: "A table to describe (case-sensitive, as in KQL).")
  var table: String?

  func run() throws {
    let connection = try database.connect()
    defer { connection.close() }
    let catalog = try CatalogLoader.load(from: connection)
    guard let name = table else {
      guard !catalog.tableNames.isEmpty else {
        throw CommandError("the database has no tables in schema public; run `spoor migrate` first")
      }
      let width = catalog.tableNames.map(\.count).max() ?? 0
      for name in catalog.tableNames {
        let count = catalog.table(named: name)?.columns.count ?? 0
        print("\(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(count) columns")
      }
      return
    }
    guard let found = catalog.table(named: name) else {
      var message = "unknown table '\(name)'"
      if let help = NameSuggester.help(for: name, among: catalog.tableNames) { message += "; \(help)" }
      throw CommandError(message)
    }
    let width = found.columns.map(\.name.count).max() ?? 0
    for column in found.columns {
      let type = column.isEnum ? "\(column.type.rawValue) (enum)" : column.type.rawValue
      print(
        "\(column.name.padding(toLength: width, withPad: " ", startingAt: 0))  "
          + "\(type.padding(toLength: 15, withPad: " ", startingAt: 0))  \(column.type.postgresType)")
    }
  }
}
