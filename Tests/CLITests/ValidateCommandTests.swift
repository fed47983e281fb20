import Foundation
import Testing

/// `spoor validate` over files and directories, in text and JSON.
@Suite struct ValidateCommandTests {
  @Test func reportsEachFailureAndTheTotals() throws {
    let directory = NSTemporaryDirectory() + "spoor-validate-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "DeviceProcessEvents | where FileName =~ 'calc.exe'".write(
      toFile: directory + "/good.kql", atomically: true, encoding: .utf8)
    try "DeviceProcessEvents | where FolderPth contains 'x'".write(
      toFile: directory + "/bad.kql", atomically: true, encoding: .utf8)
    try "dataset = xdr_data | filter agent_hostname = \"a*\"".write(
      toFile: directory + "/good.xql", atomically: true, encoding: .utf8)

    let text = try SpoorProcess.run(["validate", "--offline", directory])
    #expect(text.status == 1)
    #expect(text.standardOutput.contains("bad.kql:1:29: error[BIND-001]: unknown column 'FolderPth'"))
    #expect(text.standardOutput.hasSuffix("2 passed, 1 failed\n"))

    let json = try SpoorProcess.run(["validate", "--offline", "--format", "json", directory])
    let reports = try #require(
      try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
    #expect(reports.count == 3)
    let bad = try #require(reports.first { ($0["path"] as? String)?.hasSuffix("bad.kql") == true })
    #expect(bad["ok"] as? Bool == false)
    #expect(bad["language"] as? String == "kql")
    let diagnostic = try #require((bad["diagnostics"] as? [[String: Any]])?.first)
    #expect(diagnostic["code"] as? String == "BIND-001")
    #expect(diagnostic["line"] as? Int == 1)
    #expect(diagnostic["column"] as? Int == 29)
    let good = try #require(reports.first { ($0["path"] as? String)?.hasSuffix("good.xql") == true })
    #expect(good["ok"] as? Bool == true)
    #expect((good["sql"] as? String)?.contains("xdr_data") == true)
  }

  @Test func anXQLCallReachesTheHuntLibrary() throws {
    let directory = NSTemporaryDirectory() + "spoor-validate-call-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try #"call "python-spawns-notepad-calc-or-svchost" | fields agent_hostname"#.write(
      toFile: directory + "/calls.xql", atomically: true, encoding: .utf8)
    try #"call "no-such-hunt""#.write(toFile: directory + "/missing.xql", atomically: true, encoding: .utf8)

    let outcome = try SpoorProcess.run(["validate", "--offline", "--queries", "queries", directory])
    #expect(outcome.standardOutput.hasSuffix("1 passed, 1 failed\n"), "\(outcome.standardOutput)")
    #expect(!outcome.standardOutput.contains("calls.xql"))
    #expect(outcome.standardOutput.contains("missing.xql"))
  }

  @Test func shippedHuntsAllValidate() throws {
    let outcome = try SpoorProcess.run(["validate", "--offline", "queries"])
    #expect(outcome.status == 0, "\(outcome.standardOutput)")
  }
}
