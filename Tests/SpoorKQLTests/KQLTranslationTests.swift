import Testing

/// Golden translations: every `Fixtures/translation/<case>.kql` against its `<case>.sql`.
@Suite("KQL golden translations")
struct KQLTranslationTests {
  @Test func fixturesExist() {
    #expect(KQLGoldenTranslation.caseNames.count >= 40)
  }

  @Test(arguments: KQLGoldenTranslation.caseNames)
  func translationMatchesGolden(_ name: String) throws {
    let failure = try KQLGoldenTranslation.check(name)
    #expect(failure == nil, "\(failure ?? "")")
  }
}
