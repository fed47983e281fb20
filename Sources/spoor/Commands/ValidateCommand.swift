import ArgumentParser
import Foundation
import SpoorCatalog
import SpoorEngine
import SpoorPostgres

/// `spoor validate PATH...`: translate every query file (and check its SQL with EXPLAIN when a database is reachable).
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Translate .kql, .xql and hunt files and report every failure.",
    discussion: """
      Directories are searched recursively. When a database is reachable each translation is also checked by
      PostgreSQL with EXPLAIN; --offline skips that and binds against the built-in catalog. Exits 0 only when all pass.
      """)

  enum Format: String, ExpressibleByArgument { case text, json }

  @Argument(help: "Files or directories.")
  var paths: [String]

  @OptionGroup var database: DatabaseOptions

  @OptionGroup var library: HuntLibraryOptions
  @OptionGroup var parameters: QueryParameterOptions

  @Option(help: "Output: text, or json (one object per file).")
  var format: Format = .text

  @Flag(help: "Do not connect to a database: translate only, against the built-in catalog.")
  var offline = false

  func run() throws {
    let files = try QueryFiles.collect(paths)
    var connection: Connection?
    var catalog = Catalog.builtIn
    if !offline {
      do {
        let opened = try database.connect()
        catalog = try CatalogLoader.load(from: opened)
        connection = opened
      } catch {
        FileHandle.standardError.write(
          Data("spoor: \(error); translating against the built-in catalog, without EXPLAIN\n".utf8))
      }
    }
    defer { connection?.close() }
    // XQL's `call "name"` reaches the hunt library's XQL hunts; without a library there is nothing to call.
    let stored = (try? HuntLibrary.load(path: library.resolvedPath))?.storedXQLQueries ?? .none
    let reports = QueryValidator(
      catalog: catalog, connection: connection, storedQueries: stored, parameterValues: try parameters.values
    ).validate(files)

    let passed = reports.filter(\.ok).count
    switch format {
    case .text:
      for report in reports where !report.ok { print(report.rendered + "\n") }
      print("\(passed) passed, \(reports.count - passed) failed")
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(reports), as: UTF8.self))
    }
    if passed != reports.count { throw ExitCode(1) }
  }
}
