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
  ///
  /// The slowest queries of each language are then timed `repetitions` more times: the maximum is one query's
  /// figure, so a single unlucky pass on a loaded machine would otherwise decide it.
  public static func run(corpus: String, catalog: Catalog = .builtIn, repetitions: Int) throws -> [Figures] {
    let files = try QueryFiles.collect([corpus]).filter { LanguageDetector.language(ofPath: $0.path) != nil }
    let compiler = Compiler(catalog: catalog)
    let options = CompileOptions(now: WallClock.nowMicroseconds())
    var timings: [QueryLanguage: [Timing]] = [:]
    var failures: [QueryLanguage: Int] = [:]
    for file in files {
      let query = try file.load()
      guard let language = query.language else { continue }
      var timing = Timing(best: .infinity, path: file.path, source: query.source)
      let succeeded = timing.measure(compiler, language, options, repetitions: repetitions)
      if !succeeded { failures[language, default: 0] += 1 }
      timings[language, default: []].append(timing)
    }
    return QueryLanguage.allCases.compactMap { language in
      guard var measured = timings[language], !measured.isEmpty else { return nil }
      measured.sort { $0.best < $1.best }
      for index in measured.indices.suffix(slowestRetimed) {
        _ = measured[index].measure(compiler, language, options, repetitions: repetitions)
      }
      measured.sort { $0.best < $1.best }
      return Figures(
        language: language, queries: measured.count, failures: failures[language] ?? 0,
        medianMicroseconds: measured[measured.count / 2].best, maximumMicroseconds: measured.last!.best,
        slowestFile: measured.last!.path)
    }
  }

  /// How many of the slowest queries per language are timed again before the maximum is read.
  static let slowestRetimed = 10

  /// One query's best translation time so far.
  struct Timing {
    /// The best time, in microseconds.
    var best: Double
    /// The query's file.
    var path: String
    /// The query text.
    var source: SourceText

    /// Translates the query `repetitions` times, keeping the best time; true when the last translation succeeded.
    mutating func measure(
      _ compiler: Compiler, _ language: QueryLanguage, _ options: CompileOptions, repetitions: Int
    ) -> Bool {
      var succeeded = true
      for _ in 0..<max(1, repetitions) {
        let start = DispatchTime.now().uptimeNanoseconds
        let compilation = compiler.compile(source, language: language, options: options)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000
        best = min(best, elapsed)
        succeeded = compilation.succeeded
      }
      return succeeded
    }
  }
}
