import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import Testing

@testable import SpoorXQL

@Suite("XQL binder")
struct XQLBinderTests {
  func plan(_ text: String) -> QueryPlan? {
    XQLTranslator.bind(SourceText(name: "t", text: text), catalog: .builtIn).plan
  }

  @Test(
    "absolute timeframe bounds are read in UTC unless an offset is given",
    arguments: [
      ("1970-01-01 00:00:00", Int64(0)),
      ("2025-01-01 00:00:00 +0200", Int64(1_735_682_400_000_000)),
      ("2024-02-29 23:59:59 -0130", Int64(1_709_256_599_000_000)),
    ])
  func absoluteTime(_ text: String, _ microseconds: Int64) {
    #expect(XQLBinder.absoluteTime(text) == microseconds)
  }

  @Test(
    "malformed absolute times are refused",
    arguments: ["2025-13-01 00:00:00", "2025-01-01", "2025-01-01 00:00:00 0200"])
  func badAbsoluteTime(_ text: String) {
    #expect(XQLBinder.absoluteTime(text) == nil)
  }

  @Test(
    "CIDR syntax: IPv4 and IPv6 with optional prefix",
    arguments: [
      ("10.0.0.0/8", true), ("192.168.1.1", true), ("::1/128", true), ("fe80::/10", true), ("10.0.0.0/33", false),
      ("256.0.0.0/8", false), ("fe80::/129", false), ("10.0.0/8", false), ("host/8", false), ("1.2.3.4/x", false),
    ])
  func cidr(_ text: String, _ valid: Bool) {
    #expect(XQLBinder.isCIDR(text) == valid)
  }

  @Test(
    "fields patterns: * matches any run of characters",
    arguments: [
      ("agent_*", "agent_id", true), ("*_id", "agent_id", true), ("a*t*d", "agent_id", true), ("*", "x", true),
      ("agent_*", "actor_id", false), ("*_ids", "agent_id", false), ("agent_id", "agent_id", true),
    ])
  func glob(_ pattern: String, _ name: String, _ matches: Bool) {
    #expect(XQLBinder.glob(pattern, matches: name) == matches)
  }

  @Test("presets filter xdr_data on event_type; the plan's time column is _time")
  func presets() {
    guard let plan = plan("preset = xdr_image_load") else {
      Issue.record("no plan")
      return
    }
    #expect(plan.timeColumn == "_time")
    #expect(plan.language == .xql)
    guard case .filter(.scan(let table), let predicate) = plan.relation else {
      Issue.record("expected a filtered scan, got \(plan.relation)")
      return
    }
    #expect(table.name == "xdr_data")
    #expect(predicate == .call(.equal, [.column("event_type", .string), .literal(.string("LOAD_IMAGE"))], type: .bool))
  }

  @Test("dedup lowers to firstPerKey ordered by its by field")
  func dedup() {
    guard
      case .firstPerKey(_, let keys, let order) = plan("dataset = xdr_data | dedup agent_id by desc _time")?.relation
    else {
      Issue.record("expected firstPerKey")
      return
    }
    #expect(keys.map(\.kind) == [.column("agent_id")])
    #expect(order.map(\.ascending) == [false])
  }

  @Test("a query with no source reads xdr_data and has no time window")
  func defaultSource() {
    guard case .filter(.scan(let table), _) = plan("filter agent_id = \"a\"")?.relation else {
      Issue.record("expected a filtered scan")
      return
    }
    #expect(table.name == "xdr_data")
  }
}
