import Testing

@testable import SpoorXQL

@Suite("XQL detection")
struct XQLDetectorTests {
  @Test(
    "XQL is recognised by its source or its XQL-only stages",
    arguments: [
      ("config case_sensitive = false | preset=xdr_process | filter a = 1", true),
      ("// header\ndataset = xdr_data | limit 1", true),
      ("dataset in (xdr_data, other)", true),
      ("preset = xdr_file", true),
      ("xdr_data | filter a = 1", true),
      ("x | comp count() by a", true),
      ("DeviceProcessEvents | where FileName =~ \"calc.exe\" | take 10", false),
      ("DeviceProcessEvents | project FileName | sort by Timestamp desc", false),
      ("", false),
    ])
  func detect(_ text: String, _ expected: Bool) {
    #expect(XQLDetector.looksLikeXQL(text) == expected)
  }
}
