import Foundation
import SpoorTestSupport
import Testing

/// Golden translations: every `Fixtures/translation/<case>.xql` against its `<case>.sql`.
@Suite("XQL golden translations")
struct XQLTranslationTests {
  static let goldens = GoldenTranslations(
    folder: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/translation"),
    language: .xql)

  @Test("the fixture folder has cases")
  func hasCases() {
    #expect(Self.goldens.caseNames.count >= 15)
  }

  @Test("translation matches the golden SQL and binds", arguments: goldens.caseNames)
  func golden(_ name: String) throws {
    if let failure = try Self.goldens.check(name) { Issue.record(Comment(rawValue: failure)) }
  }
}
