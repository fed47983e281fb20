import Foundation
import SpoorTestSupport
import Testing

/// Golden translations: every `Fixtures/translation/<case>.kql` against its `<case>.sql`.
@Suite("KQL golden translations")
struct KQLTranslationTests {
  static let goldens = GoldenTranslations(
    folder: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/translation"),
    language: .kql)

  @Test func fixturesExist() {
    #expect(Self.goldens.caseNames.count >= 40)
  }

  @Test(arguments: goldens.caseNames)
  func translationMatchesGolden(_ name: String) throws {
    let failure = try Self.goldens.check(name)
    #expect(failure == nil, "\(failure ?? "")")
  }
}
