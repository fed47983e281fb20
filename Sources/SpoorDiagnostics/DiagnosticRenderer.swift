/// Renders diagnostics in the compiler style: `file:line:col: error[CODE]: message`, the source line and a caret.
public struct DiagnosticRenderer: Sendable {
  /// Whether to use ANSI colours (only on a TTY and never when `NO_COLOR` is set; the caller decides).
  public var colored: Bool

  /// Creates a renderer.
  public init(colored: Bool = false) { self.colored = colored }

  /// Renders every diagnostic, separated by blank lines.
  public func render(_ diagnostics: [Diagnostic], in source: SourceText) -> String {
    diagnostics.map { render($0, in: source) }.joined(separator: "\n")
  }

  /// Renders one diagnostic with its source line, caret line, notes and help.
  public func render(_ diagnostic: Diagnostic, in source: SourceText) -> String {
    let location = source.location(of: diagnostic.span.start)
    let lineText = source.lineText(location.line)
    let gutter = String(location.line)
    let pad = String(repeating: " ", count: gutter.count)

    // Expand tabs so the caret lines up; columns stay counted in characters.
    var shownLine = ""
    var caretColumn = 0
    for (index, character) in lineText.enumerated() {
      if index == location.column - 1 { caretColumn = shownLine.count }
      if character == "\t" { shownLine += "    " } else { shownLine.append(character) }
    }
    if location.column - 1 >= lineText.count { caretColumn = shownLine.count }

    let endLocation = source.location(of: diagnostic.span.end)
    var caretWidth = 1
    if endLocation.line == location.line {
      caretWidth = max(1, endLocation.column - location.column)
    } else {
      caretWidth = max(1, lineText.count - (location.column - 1))
    }
    let caret = String(repeating: " ", count: caretColumn) + "^" + String(repeating: "~", count: caretWidth - 1)

    let label = "\(diagnostic.severity.rawValue)[\(diagnostic.code)]"
    var lines = [
      "\(source.name):\(location.line):\(location.column): \(paint(label, diagnostic.severity)): \(diagnostic.message)",
      "\(gutter) | \(shownLine)",
      "\(pad) | \(paint(caret, diagnostic.severity))",
    ]
    for note in diagnostic.notes { lines.append("\(pad) = note: \(note)") }
    if let help = diagnostic.help { lines.append("help: \(help)") }
    return lines.joined(separator: "\n")
  }

  private func paint(_ text: String, _ severity: Severity) -> String {
    guard colored else { return text }
    let code: String
    switch severity {
    case .error: code = "31"
    case .warning: code = "33"
    case .note: code = "36"
    }
    return "\u{1B}[1;\(code)m\(text)\u{1B}[0m"
  }
}
