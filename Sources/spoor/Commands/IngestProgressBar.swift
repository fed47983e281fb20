import Foundation
import SpoorEngine
import SpoorIngest

/// Shows ingest progress on stderr: a redrawn bar on a terminal (rows/s, bytes, ETA when the size is known),
/// otherwise a plain line at most every ten seconds.
struct IngestProgressBar {
  private let isTerminal: Bool
  private var lastPlainLine = -Double.infinity
  private var drawn = false

  /// Creates a progress display for stderr.
  init(isTerminal: Bool) {
    self.isTerminal = isTerminal
  }

  /// Shows `progress`.
  mutating func update(_ progress: IngestProgress) {
    let rate = progress.elapsedSeconds > 0 ? Double(progress.summary.read) / progress.elapsedSeconds : 0
    var text = "\(progress.file): \(progress.summary.read) read, \(progress.summary.loaded) loaded"
    text += ", \(progress.summary.rejected) rejected, \(Int(rate)) rows/s, \(Self.bytes(progress.bytesRead))"
    if let total = progress.totalBytes, total > 0 {
      let fraction = min(1, Double(progress.bytesRead) / Double(total))
      text += " of \(Self.bytes(total))"
      if isTerminal {
        let filled = Int(fraction * 24)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 24 - filled)
        let byteRate = progress.elapsedSeconds > 0 ? Double(progress.bytesRead) / progress.elapsedSeconds : 0
        let eta = byteRate > 0 ? Int(Double(total - progress.bytesRead) / byteRate) : 0
        text = "[\(bar)] \(Int(fraction * 100))% " + text + ", ETA \(eta)s"
      }
    }
    if isTerminal {
      write("\r\u{1B}[K" + text)
      drawn = true
    } else if progress.elapsedSeconds - lastPlainLine >= 10 {
      lastPlainLine = progress.elapsedSeconds
      write(text + "\n")
    }
  }

  /// Prints a whole line (a reject), keeping the bar below it.
  mutating func printLine(_ line: String) {
    if drawn { write("\r\u{1B}[K") }
    write(line + "\n")
    drawn = false
  }

  /// Ends the bar's line.
  mutating func finish() {
    if drawn { write("\n") }
    drawn = false
  }

  private func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  private static func bytes(_ count: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB"]
    var value = Double(count)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
  }
}
