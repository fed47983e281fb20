import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorTestSupport
import Testing

/// The emitted plans against `docs/scale.md`'s account of what Citus pushes down (``CitusPushdown``).
@Suite struct CitusPushdownTests {
  /// The plan of `text` against the built-in catalog.
  static func assess(_ text: String, language: QueryLanguage = .kql, compiler: Compiler? = nil) throws
    -> CitusAssessment
  {
    let compilation = (compiler ?? Compiler(catalog: .builtIn)).compile(
      SourceText(name: "q", text: text), language: language, options: CompileOptions(now: 0))
    let plan = try #require(compilation.plan, "\(compilation.diagnostics)")
    #expect(compilation.succeeded, "\(text)")
    return CitusPushdown.assess(plan.relation)
  }

  @Test func everyShippedHuntStaysWithinWhatCitusPushesDown() throws {
    let library = try HuntLibrary.load(path: TestData.path("queries"))
    #expect(library.hunts.count >= 15)
    let compiler = Compiler(catalog: .builtIn, storedQueries: library.storedXQLQueries)
    for hunt in library.hunts {
      let assessment = try Self.assess(hunt.query, language: hunt.language ?? .kql, compiler: compiler)
      #expect(assessment.isPushedDown, "\(hunt.id): \(assessment.needsAnotherPlan)")
      #expect(!assessment.distributedTables.isEmpty, "\(hunt.id) reads no event table")
    }
  }

  @Test func joinsPushDownOnlyOnTheDistributionColumn() throws {
    let onDevice = try Self.assess(
      """
      DeviceProcessEvents | where FileName =~ "powershell.exe"
      | join kind=inner (DeviceNetworkEvents | where RemotePort == 443) on DeviceId
      """)
    #expect(onDevice.isPushedDown, "\(onDevice.needsAnotherPlan)")
    #expect(onDevice.pushedDown.contains("co-located join on the distribution column"))
    let onFile = try Self.assess(
      "DeviceProcessEvents | join kind=inner (DeviceNetworkEvents) on InitiatingProcessFileName")
    #expect(!onFile.isPushedDown)
  }

  @Test func windowsAndFirstRowsPushDownWhenKeyedByDevice() throws {
    #expect(try Self.assess("DeviceProcessEvents | summarize arg_max(Timestamp, *) by DeviceId").isPushedDown)
    #expect(!(try Self.assess("DeviceProcessEvents | summarize arg_max(Timestamp, *) by FileName").isPushedDown))
    #expect(
      !(try Self.assess("DeviceProcessEvents | sort by Timestamp asc | extend n = row_number()").isPushedDown))
  }

  @Test func aggregatesMergeOrPushDown() throws {
    #expect(try Self.assess("DeviceNetworkEvents | summarize dcount(RemoteIP) by DeviceId").isPushedDown)
    #expect(try Self.assess("DeviceProcessEvents | summarize count() by bin(Timestamp, 1h)").isPushedDown)
    #expect(
      !(try Self.assess("DeviceNetworkEvents | summarize percentile(RemotePort, 95) by ActionType").isPushedDown))
    let xdr = try Self.assess(
      #"dataset = xdr_data | filter event_type = ENUM.PROCESS | comp count() by agent_id"#, language: .xql)
    #expect(xdr.isPushedDown && xdr.distributedTables == ["xdr_data"])
  }
}
