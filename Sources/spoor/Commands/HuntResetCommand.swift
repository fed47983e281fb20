import ArgumentParser
import SpoorEngine

/// `spoor hunt reset ID`: forgets a hunt's scheduler watermark, so its next run starts over from its look-back.
struct HuntResetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset",
    abstract: "Forget a hunt's watermark: its next scheduled run covers its look-back again.",
    discussion: """
      Use this after changing a hunt's query, so that the new query also sees the events the old one already \
      covered. Recorded hits stay, and a row found again is not recorded twice. Refused while a scheduler is \
      running the hunt.
      """
  )

  @OptionGroup var library: HuntLibraryOptions
  @OptionGroup var database: DatabaseOptions

  @Argument(help: "The hunt's id (see `spoor hunt list`).")
  var id: String

  func run() throws {
    let connection = try database.connect()
    defer { connection.close() }
    switch try HuntStore(connection: connection).resetWatermark(huntID: id) {
    case .reset:
      print("hunt \(id): watermark reset; its next run covers its look-back")
    case .neverRan:
      // A typo is more likely than a hunt that never ran: name the closest hunt if the id is unknown.
      _ = try library.load().requireHunt(id: id)
      print("hunt \(id) has no watermark (it has not run yet); nothing to reset")
    }
  }
}
