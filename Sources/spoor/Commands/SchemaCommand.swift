import ArgumentParser
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPlan
import SpoorXQL

/// `spoor schema [TABLE]`: the tables and columns queries can use, read from the connected database.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "List the queryable tables, or one table's columns and types, from the connected database.",
    discussion: """
      --lang xql lists the XQL datasets (tables with an _time column: xdr_data and the raw datasets) and the \
      presets; a raw dataset (one with a _document column) also answers any field it lacks from its document, \
      as a string. --lang kql lists the other tables. Without --lang, every table.
      """)

  @OptionGroup var database: DatabaseOptions

  @Option(name: .customLong("lang"), help: "List only the tables of this language's queries: kql or xql.")
  var language: QueryLanguage?

  @Argument(help: "A table, dataset or (with --lang xql) preset to describe (case-sensitive, as in KQL).")
  var table: String?

  func run() throws {
    let connection = try database.connect()
    defer { connection.close() }
    let catalog = try CatalogLoader.load(from: connection)
    let datasets = XQLTranslator.datasetNames(in: catalog)
    guard let name = table else {
      guard !catalog.tableNames.isEmpty else {
        throw CommandError("the database has no tables in schema public; run `spoor migrate` first")
      }
      let names: [String]
      switch language {
      case .xql: names = datasets
      case .kql: names = catalog.tableNames.filter { !datasets.contains($0) }
      case nil: names = catalog.tableNames
      }
      let presets = language == .xql ? XQLTranslator.presetNames : []
      let width = (names + presets).map(\.count).max() ?? 0
      for name in names {
        let table = catalog.table(named: name)
        var line = "\(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(table?.columns.count ?? 0) columns"
        if table?.documentColumn != nil { line += " (raw dataset: other fields from _document)" }
        print(line)
      }
      for preset in presets {
        print("\(preset.padding(toLength: width, withPad: " ", startingAt: 0))  preset over xdr_data")
      }
      return
    }
    let described = language == .xql && XQLTranslator.presetNames.contains(name.lowercased()) ? "xdr_data" : name
    guard let found = catalog.table(named: described) else {
      var message = "unknown table '\(name)'"
      let candidates = language == .xql ? datasets + XQLTranslator.presetNames : catalog.tableNames
      if let help = NameSuggester.help(for: name, among: candidates) { message += "; \(help)" }
      throw CommandError(message)
    }
    let width = found.columns.map(\.name.count).max() ?? 0
    for column in found.columns {
      let type = column.isEnum ? "\(column.type.rawValue) (enum)" : column.type.rawValue
      print(
        "\(column.name.padding(toLength: width, withPad: " ", startingAt: 0))  "
          + "\(type.padding(toLength: 15, withPad: " ", startingAt: 0))  \(column.type.postgresType)")
    }
    if found.documentColumn != nil {
      print("(any other field)".padding(toLength: width, withPad: " ", startingAt: 0) + "  string (from _document)")
    }
  }
}
