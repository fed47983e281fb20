import SpoorPostgres
import SpoorTestSupport
import Testing

/// base64_decode_toarray on real PostgreSQL: the documented example, the byte range, and text that is not base64.
@Suite("KQL base64_decode_toarray", .serialized)
struct KQLBase64ToArrayTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_base64_toarray"))
  }

  /// Expects the one row of `print assignments`.
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    #expect(try TranslationHarness.printed(assignments, on: connection) == [expected])
  }

  @Test("the documented example, bytes 0 and 255, the empty string, and null for text that is not base64")
  func decodes() throws {
    try expectPrinted(
      #"Quine = base64_decode_toarray("S3VzdG8="), b = base64_decode_toarray("AP8="), "#
        + #"c = base64_decode_toarray(""), d = base64_decode_toarray("S3VzdG8"), "#
        + #"e = base64_decode_toarray("not base64!"), f = base64_decode_toarray("gA=="), "#
        + #"g = array_length(base64_decode_toarray("AAAAAA=="))"#,
      ["[75, 117, 115, 116, 111]", "[0, 255]", "[]", nil, nil, "[128]", "4"])
  }
}
