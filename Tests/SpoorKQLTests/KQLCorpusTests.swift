import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import SpoorPlan
import SpoorSQL
import Testing

/// Every query of the Sigma-derived corpus (`corpus/sigma/kql` in the repository) binds with
/// no diagnostic at all and emits one SQL statement.
@Suite("KQL corpus")
struct KQLCorpusTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
  static let corpus = packageRoot.appendingPathComponent("corpus/sigma/kql")
    .standardizedFileURL

  static func files() throws -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: corpus.path) else { return [] }
    return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".kql") }.sorted()
  }

  @Test func everyCorpusQueryBindsAndEmits() throws {
    let files = try Self.files()
    #expect(files.count == 1689)
    var failures: [String] = []
    for file in files {
      let text = try String(contentsOf: Self.corpus.appendingPathComponent(file), encoding: .utf8)
      let source = SourceText(name: file, text: text)
      let bound = KQLTranslator.bind(source, catalog: .builtIn)
      guard let plan = bound.plan, bound.diagnostics.isEmpty else {
        failures.append(DiagnosticRenderer().render(bound.diagnostics, in: source))
        continue
      }
      let emitted = PostgresEmitter(options: EmitOptions(now: 0)).emit(plan)
      if emitted.statement == nil {
        failures.append(DiagnosticRenderer().render(emitted.diagnostics, in: source))
      }
    }
    #expect(
      failures.isEmpty,
      "\(failures.count) corpus queries failed:\n\(failures.prefix(15).joined(separator: "\n\n"))")
  }
}
