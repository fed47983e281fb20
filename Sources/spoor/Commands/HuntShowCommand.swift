import ArgumentParser
import SpoorEngine

/// `spoor hunt show ID`: a hunt's metadata and query.
struct HuntShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one hunt's metadata and query.")

  @OptionGroup var library: HuntLibraryOptions

  @Argument(help: "The hunt's id (see `spoor hunt list`).")
  var id: String

  func run() throws {
    let hunt = try library.load().requireHunt(id: id)
    var lines = [
      "id:          \(hunt.id)",
      "title:       \(hunt.title)",
      "file:        \(hunt.file)",
      "severity:    \(hunt.severity.rawValue)",
      "language:    \(hunt.language?.rawValue ?? "detected from the query")",
      "schedule:    every \(hunt.schedule)\(hunt.enabled ? "" : " (disabled)")",
      "lookback:    \(hunt.lookback) (first run)",
    ]
    if !hunt.tactics.isEmpty { lines.append("tactics:     \(hunt.tactics.joined(separator: ", "))") }
    if !hunt.techniques.isEmpty { lines.append("techniques:  \(hunt.techniques.joined(separator: ", "))") }
    if let author = hunt.author { lines.append("author:      \(author)") }
    if let license = hunt.license { lines.append("license:     \(license)") }
    if let source = hunt.source {
      let parts = [source.project, source.ruleID, source.url].compactMap { $0 }
      lines.append("source:      \(parts.joined(separator: " "))")
    }
    for reference in hunt.references { lines.append("reference:   \(reference)") }
    if !hunt.description.isEmpty {
      lines.append("")
      lines.append(hunt.description.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    lines.append("")
    lines.append(hunt.query.trimmingCharacters(in: .newlines))
    print(lines.joined(separator: "\n"))
  }
}
