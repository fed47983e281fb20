import ArgumentParser
import SpoorEngine

/// `spoor hunt list`: one line per stored hunt.
struct HuntListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored hunts.")

  @OptionGroup var library: HuntLibraryOptions

  func run() throws {
    let hunts = try library.load().hunts
    let rows = hunts.map { hunt in
      [
        hunt.id, hunt.severity.rawValue, hunt.language?.rawValue ?? "auto", hunt.schedule.description,
        hunt.enabled ? "yes" : "no", hunt.title,
      ]
    }
    let header = ["ID", "SEVERITY", "LANG", "EVERY", "ENABLED", "TITLE"]
    var widths = header.map(\.count)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    for row in [header] + rows {
      // Every column but the last is padded, so lines carry no trailing spaces.
      let padded = zip(row.dropLast(), widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
      print((padded + [row.last ?? ""]).joined(separator: "  "))
    }
  }
}
