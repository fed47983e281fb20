import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// Measures translation (parse + bind + emit) per query over the Sigma corpus (DESIGN §9: ≤ 20 µs median,
/// no query over 2 ms).
public enum TranslationBenchmark {
  /// Figures for one language.
  public struct Figures: Sendable {
    /// The language measured.
    public var language: QueryLanguage
    /// Queries measured.
    public var queries: Int
    /// Queries that did not translate.
    public var failures: Int
    /// Median of the per-query best times, in microseconds.
    public var medianMicroseconds: Double
    /// The slowest query's best time, in microseconds, and its file.
    public var maximumMicroseconds: Double
    /// The slowest query's file.
    public var slowestFile: String
  }

  /// Translates every `.kql`/`.xql` file under `corpus` `repetitions` times and keeps each query's best time.
  public static func run(corpus: String, catalog: Catalog = .builtIn, repetitions: Int) throws -> [Figures] {
    let files = try QueryFiles.collect([corpus]).filter { LanguageDetector.language(ofPath: $0.path) != nil }
    let compiler = Compiler(catalog: catalog)
    let options = CompileOptions(now: WallClock.nowMicroseconds())
    var timings: [QueryLanguage: [(Double, String)]] = [:]
    var failures: [QueryLanguage: Int] = [:]
    for file in files {
      let query = try file.load()
      guard let language = query.language else { continue }
      var best = Double.infinity
      var succeeded = true
      for _ in 0..<max(1, repetitions) {
        let start = DispatchTime.now().uptimeNanoseconds
        let compilation = compiler.compile(query.source, language: language, options: options)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000
        best = min(best, elapsed)
        succeeded = compilation.succeeded
      }
      if !succeeded { failures[language, default: 0] += 1 }
      timings[language, default: []].append((best, file.path))
    }
    return QueryLanguage.allCases.compactMap { language in
      guard let measured = timings[language], !measured.isEmpty else { return nil }
      let sorted = measured.sorted { $0.0 < $1.0 }
      return Figures(
        language: language, queries: sorted.count, failures: failures[language] ?? 0,
        medianMicroseconds: sorted[sorted.count / 2].0, maximumMicroseconds: sorted.last!.0,
        slowestFile: sorted.last!.1)
    }
  }
}
