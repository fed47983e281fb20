import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPlan
import Testing

/// Inputs that used to crash translation (stack overflow) or run away (exponential `let` expansion, quadratic
/// regex translation): each now translates, or fails with a diagnostic that names the limit (issue 17.3).
@Suite("Translation limits")
struct TranslationLimitsTests {
  static func compile(_ text: String, _ language: QueryLanguage) -> Compilation {
    Compiler(catalog: .builtIn).compile(
      SourceText(name: "limits.\(language.rawValue)", text: text), language: language, options: CompileOptions(now: 0))
  }

  /// The one limit diagnostic of a compilation that must fail on it.
  static func limitMessage(_ compilation: Compilation) -> String? {
    #expect(compilation.statement == nil)
    let limits = compilation.diagnostics.filter { $0.code == DiagnosticCode("SPOOR-L001") }
    #expect(limits.count == 1, "\(compilation.diagnostics.map(\.message))")
    return limits.first?.message
  }

  @Test("as many piped operators as the limit translate; one more is refused by name")
  func pipelineOperators() throws {
    let limit = TranslationLimits.maximumPipelineOperators
    let kql = "DeviceProcessEvents" + String(repeating: " | take 1", count: limit)
    #expect(Self.compile(kql, .kql).succeeded)
    #expect(
      Self.limitMessage(Self.compile(kql + " | take 1", .kql))
        == "the query has more piped operators than Spoor translates (limit \(limit))")
    // XQL counts the `dataset` stage too.
    let xql = "dataset = xdr_data" + String(repeating: " | limit 1", count: limit - 1)
    #expect(Self.compile(xql, .xql).succeeded)
    #expect(
      Self.limitMessage(Self.compile(xql + " | limit 1", .xql))
        == "the query has more stages than Spoor translates (limit \(limit))")
    // The crashing inputs of the issue: 8,000 KQL operators, 10,000 XQL stages.
    #expect(Self.limitMessage(Self.compile("T" + String(repeating: " | take 1", count: 8_000), .kql)) != nil)
    #expect(
      Self.limitMessage(Self.compile("dataset = xdr_data" + String(repeating: " | limit 1", count: 10_000), .xql))
        != nil)
  }

  @Test("a 5,000-term and/or chain (an IOC list) translates into one flat condition", arguments: ["and", "or"])
  func longLogicalChains(_ word: String) throws {
    let xql =
      "dataset = xdr_data | filter "
      + (0..<5_000).map { "action_process_image_name != \"x\($0).exe\"" }.joined(separator: " \(word) ")
    let xqlStatement = try #require(Self.compile(xql, .xql).statement)
    #expect(xqlStatement.parameters.count >= 5_000)
    #expect(xqlStatement.text.components(separatedBy: " \(word.uppercased()) ").count == 5_000)
    let kql =
      "DeviceProcessEvents | where "
      + (0..<5_000).map { "FileName == \"x\($0).exe\"" }.joined(separator: " \(word) ")
    let kqlStatement = try #require(Self.compile(kql, .kql).statement)
    #expect(kqlStatement.text.components(separatedBy: " \(word.uppercased()) ").count == 5_000)
  }

  @Test("arithmetic chains translate up to the limit; 7,000 terms are refused by name")
  func arithmeticChains() throws {
    let limit = TranslationLimits.maximumOperatorChain
    let terms = { (count: Int) in Array(repeating: "1", count: count).joined(separator: "+") }
    #expect(Self.compile("DeviceProcessEvents | extend x = " + terms(limit + 1), .kql).succeeded)
    #expect(Self.compile("dataset = xdr_data | alter x = " + terms(limit + 1), .xql).succeeded)
    let message = "the query has more chained operators in one expression than Spoor translates (limit \(limit))"
    #expect(Self.limitMessage(Self.compile("DeviceProcessEvents | extend x = " + terms(7_000), .kql)) == message)
    #expect(Self.limitMessage(Self.compile("dataset = xdr_data | alter x = " + terms(7_000), .xql)) == message)
  }

  @Test("a chain of lets deeper than the plan-depth limit is refused by name, not a crash")
  func chainedLets() throws {
    let count = TranslationLimits.maximumPlanDepth + 1
    let lets = (0..<count).map { $0 == 0 ? "let a0 = 1;\n" : "let a\($0) = a\($0 - 1) + 1;\n" }.joined()
    let compilation = Self.compile(lets + "DeviceProcessEvents | extend x = a\(count - 1)", .kql)
    #expect(
      Self.limitMessage(compilation)
        == "the query has more levels of nesting after let expansion than Spoor translates (limit "
        + "\(TranslationLimits.maximumPlanDepth))")
  }

  @Test("let tables doubling at every level stop at the plan-node limit instead of emitting megabytes")
  func doublingLetTables() throws {
    let lets = (1...18).map { "let T\($0) = union T\($0 - 1), T\($0 - 1);\n" }.joined()
    let start = Date()
    let compilation = Self.compile("let T0 = DeviceInfo;\n" + lets + "T18 | take 1", .kql)
    #expect(
      Self.limitMessage(compilation)
        == "the query has more plan nodes after let expansion than Spoor translates (limit "
        + "\(TranslationLimits.maximumPlanNodes))")
    #expect(Date().timeIntervalSince(start) < 30)
  }

  @Test("let functions nest up to the limit; deeper nesting and doubling expansions are refused by name")
  func nestedLetFunctions() throws {
    let limit = TranslationLimits.maximumFunctionNesting
    /// `f0` … `f{depth-1}`, each calling the one before it (`calls`, with `{p}` for the previous number).
    func nested(_ depth: Int, calls: String = "f{p}(x)") -> String {
      let functions = (1..<depth).map { number in
        let body = calls.replacingOccurrences(of: "{p}", with: "\(number - 1)")
        return "let f\(number) = (x:long) { \(body) + 1 };\n"
      }
      return "let f0 = (x:long) { x + 1 };\n" + functions.joined() + "DeviceProcessEvents | extend y = f\(depth - 1)(1)"
    }
    #expect(Self.compile(nested(limit), .kql).succeeded)
    #expect(
      Self.limitMessage(Self.compile(nested(limit + 1), .kql))
        == "the query has more nested let function calls than Spoor translates (limit \(limit))")
    #expect(
      Self.limitMessage(Self.compile(nested(30, calls: "f{p}(x) + f{p}(x)"), .kql))
        == "the query has more let function expansions than Spoor translates (limit "
        + "\(TranslationLimits.maximumFunctionExpansions))")
  }

  @Test("regex translation is linear: a 200 KB pattern translates in seconds, in both languages")
  func longRegexPatterns() throws {
    let pattern = String(repeating: "ab", count: 100_000)
    let start = Date()
    let kql = Self.compile("DeviceProcessEvents | where ProcessCommandLine matches regex \"\(pattern)\"", .kql)
    let xql = Self.compile("dataset = xdr_data | filter action_process_image_name ~= \"\(pattern)\"", .xql)
    #expect(kql.succeeded)
    #expect(xql.succeeded)
    // Quadratic before: 39 s for the KQL pattern alone.
    #expect(Date().timeIntervalSince(start) < 10)
  }
}
