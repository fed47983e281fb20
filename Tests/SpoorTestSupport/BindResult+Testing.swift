import SpoorDiagnostics
import SpoorPlan

extension BindResult {
  /// The error diagnostics, one `CODE: message (help)` line each.
  public var errorLines: [String] {
    diagnostics.filter(\.isError).map {
      "\($0.code.rawValue): \($0.message)" + ($0.help.map { " (\($0))" } ?? "")
    }
  }

  /// The chart the plan asks for (`render`, `view graph`), or nil when it asks for none.
  /// - Throws: ``TranslationFailure`` with the diagnostics' messages when there is no plan.
  public func renderHint() throws -> RenderHint? {
    guard let plan else { throw TranslationFailure(description: "\(diagnostics.map(\.message))") }
    return plan.render
  }
}
