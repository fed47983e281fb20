extension KQLFunction {
  /// `docs/kql-functions.md`: every function of the table by Kusto's groups, with its signature and status.
  public static var markdown: String {
    let translatedCount = all.filter(\.isTranslated).count
    var lines = [
      "# KQL scalar functions in Spoor",
      "",
      "Generated from `Sources/SpoorKQL/Functions/KQLFunction+Table.swift`, the table the binder reads; do not",
      "edit by hand. Regenerate with `SPOOR_UPDATE_GOLDENS=1 swift test --filter KQLFunctionTableTests`; the same",
      "test fails while this file and the table differ.",
      "",
      "Every function of Kusto's scalar-function list is here, with the deprecated and alternative spellings hunts",
      "still use. A translated function gives Kusto's result exactly on PostgreSQL; any other call is refused",
      "with an `unsupported` diagnostic (KQL-U001) at the call that gives the reason below. Aggregation and window",
      "functions are bound by `summarize` and `serialize`/`extend`.",
      "",
      "Translated: \(translatedCount) of \(all.count).",
    ]
    for category in Category.allCases {
      let functions = all.filter { $0.category == category }
      guard !functions.isEmpty else { continue }
      lines += ["", "## \(category.rawValue)", "", "| Function | Parameters | Result | Status |", "|---|---|---|---|"]
      for function in functions {
        let name = function.aliasOf.map { "`\(function.name)` (for `\($0)`)" } ?? "`\(function.name)`"
        let status: String
        switch function.status {
        case .translated: status = "translated"
        case .unsupported(let reason): status = "unsupported: " + reason
        }
        lines.append("| \(name) | \(function.parameters) | \(function.result) | \(status) |")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
