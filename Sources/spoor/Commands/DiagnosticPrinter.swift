import Foundation
import SpoorDiagnostics

/// Prints rendered diagnostics on standard error, in colour only on a TTY without `NO_COLOR`.
enum DiagnosticPrinter {
  /// Whether standard error gets colour.
  static var colored: Bool {
    isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
  }

  /// Renders and prints diagnostics for a source.
  static func print(_ diagnostics: [Diagnostic], in source: SourceText) {
    guard !diagnostics.isEmpty else { return }
    let text = DiagnosticRenderer(colored: colored).render(diagnostics, in: source) + "\n"
    FileHandle.standardError.write(Data(text.utf8))
  }
}
