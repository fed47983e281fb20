import ArgumentParser
import Foundation
import SpoorCatalog
import SpoorEngine

/// `spoor hunt validate [PATH]`: checks hunt files and that every query translates.
struct HuntValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check hunt files: their metadata, unique ids, and that each query translates to SQL.",
    discussion:
      "Queries are translated against the built-in catalog (the Defender tables and xdr_data); no database is needed."
  )

  @OptionGroup var library: HuntLibraryOptions

  @Argument(help: ArgumentHelp("A hunt file or folder (default: the hunt folder).", valueName: "path"))
  var path: String?

  func run() throws {
    let loaded = try HuntLibrary.load(path: path ?? library.resolvedPath)
    var problems = loaded.errors.map(\.description)
    let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
    for hunt in loaded.hunts {
      do {
        _ = try HuntStatementBuilder.statement(
          for: hunt, catalog: .builtIn, batch: nil, since: nil, now: now, storedQueries: loaded.storedXQLQueries)
      } catch {
        problems.append("\(error)")
      }
    }
    if !problems.isEmpty {
      FileHandle.standardError.write(Data((problems.joined(separator: "\n") + "\n").utf8))
      throw CommandError("\(problems.count) problem(s) in \(path ?? library.resolvedPath)")
    }
    print("ok: \(loaded.hunts.count) hunt(s) in \(path ?? library.resolvedPath)")
  }
}
