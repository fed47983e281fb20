import SpoorDiagnostics

/// The chart a KQL query's `render` operator names, for the console to draw.
///
/// The translator ignores `render` (rows are all PostgreSQL returns) and says so with the note `KQL-N001` at the
/// operator's span; the chart kind is the word after `render` in that span.
enum RenderHint {
  /// The code of the translator's "render is ignored" note.
  static let noteCode = DiagnosticCode("KQL-N001")

  /// The chart kind (`timechart`, `columnchart`, …) of the query's `render`, or nil when there is none.
  static func kind(in diagnostics: [Diagnostic], source: SourceText) -> String? {
    guard let note = diagnostics.last(where: { $0.code == noteCode }) else { return nil }
    let words = source.slice(note.span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
    guard words.count >= 2, words[0].lowercased() == "render" else { return nil }
    let kind = words[1].prefix { $0.isLetter }
    return kind.isEmpty ? nil : kind.lowercased()
  }
}
