import Testing

/// Golden translations: every `Fixtures/translation/<case>.xql` against its `<case>.sql`.
@Suite("XQL golden translations")
struct XQLTranslationTests {
  @Test("the fixture folder has cases")
  func hasCases() {
    #expect(GoldenTranslation.caseNames.count >= 15)
  }

  @Test("translation matches the golden SQL and binds", arguments: GoldenTranslation.caseNames)
  func golden(_ name: String) throws {
    if let failure = try GoldenTranslation.check(name) { Issue.record(Comment(rawValue: failure)) }
  }
}
