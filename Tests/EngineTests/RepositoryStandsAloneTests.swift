import Foundation
import SpoorTestSupport
import Testing

/// The repository needs nothing beside it: the test data is inside, and no code, test or script reads the team's
/// shared folder next to the package root.
@Suite struct RepositoryStandsAloneTests {
  @Test func noSourceTestOrScriptReadsTheSharedFolder() throws {
    let needle = ".." + "/shared"
    var offenders: [String] = []
    for folder in ["Sources", "Tests", "scripts", ".ci", "samples", "migrations", "queries"] {
      let root = TestData.path(folder)
      let enumerator = FileManager.default.enumerator(atPath: root)
      while let file = enumerator?.nextObject() as? String {
        guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { continue }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(needle) {
          offenders.append("\(folder)/\(file):\(number + 1): \(line)")
        }
      }
    }
    #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
  }

  @Test(arguments: [
    "reference/schema.json", "reference/schema-more.json", "reference/schema-more-sources.md",
    "corpus/sigma/README.md", "datasets/sysmon/README.md", "datasets/sysmon/events.ndjson.gz",
  ])
  func testDataIsInTheRepository(_ path: String) {
    #expect(FileManager.default.fileExists(atPath: TestData.path(path)), "\(path)")
  }

  @Test func theCompressedSysmonDatasetDecompressesWhole() throws {
    let path = try TestData.sysmonEvents()
    let data = try #require(FileManager.default.contents(atPath: path))
    #expect(data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } == 27_941)
    #expect(try TestData.sysmonEvents() == path)
  }
}
