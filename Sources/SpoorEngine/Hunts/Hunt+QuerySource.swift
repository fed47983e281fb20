import SpoorDiagnostics

extension Hunt {
  /// The query as a `SourceText` laid out like the hunt file, so a diagnostic's line and column are the
  /// file's own: the query's lines are preceded by as many empty lines as come before it in the file, and
  /// indented as in the file.
  ///
  /// KQL and XQL ignore that whitespace.
  public var querySource: SourceText {
    let padding = String(repeating: "\n", count: max(0, queryLocation.line - 1))
    let indent = String(repeating: " ", count: queryLocation.indentation)
    let lines = query.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : indent + $0 }
    return SourceText(name: file, text: padding + lines.joined(separator: "\n"))
  }
}
