import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import SpoorSQL
import SpoorTestSupport
import Testing

/// Random and truncated queries never crash the front end (or the emitter after it).
@Suite("KQL fuzz")
struct KQLFuzzTests {
  static let seeds = [
    #"DeviceImageLoadEvents | where InitiatingProcessVersionInfoFileDescription =~ "Python Core" and (not((InitiatingProcessFolderPath contains "Python" or (InitiatingProcessFolderPath startswith "C:\\Program Files\\")))) and (not(isnull(InitiatingProcessFolderPath)))"#,
    "let x = dynamic(['a', 1]); DeviceProcessEvents | where Timestamp between (ago(1d) .. now()) and FileName in~ (x) | summarize c = count(), make_set(FolderPath) by DeviceId, bin(Timestamp, 1h) | sort by c desc | take 5",
    "DeviceProcessEvents | join kind=leftanti (DeviceNetworkEvents | project DeviceId) on $left.DeviceId == $right.DeviceId | project-away Initiating* | extend y = iff(FileSize > 10, 'a', 'b')",
    "union withsource=T Device*Events | parse ProcessCommandLine with * '-enc ' Enc:string ' ' * | mv-expand a = split(Enc, ',') | summarize arg_max(Timestamp, *) by T",
  ]

  static let fragments = [
    "|", "(", ")", "[", "]", "{", "}", ",", ";", "where", "and", "or", "not(", "==", "!=", "=~",
    "in~", "!in",
    "contains", "has_any", "between", "..", "'x'", "\"y\"", "@'z\\'", "1d", "42", "3.5",
    "datetime(2024-01-01)",
    "dynamic([", "summarize", "by", "count()", "join", "on", "$left.", "let", "=", "project",
    "extend", "FileName",
    "DeviceProcessEvents", "ago(", "bin(", "*", "-", "+", "/", "take", "sort", "asc", "\\",
    "\u{1F600}", "\n",
  ]

  static func translate(_ text: String) {
    let source = SourceText(name: "fuzz", text: text)
    let bound = KQLTranslator.bind(source, catalog: .builtIn)
    _ = DiagnosticRenderer().render(bound.diagnostics, in: source)
    if let plan = bound.plan {
      #expect(!bound.diagnostics.containsErrors)
      _ = PostgresEmitter(options: EmitOptions(now: 0)).emit(plan)
    } else {
      #expect(bound.diagnostics.containsErrors, "no plan and no error for: \(text)")
    }
  }

  @Test func everyPrefixOfRealQueriesIsHandled() {
    for seed in Self.seeds {
      let characters = Array(seed)
      for length in 0...characters.count { Self.translate(String(characters[0..<length])) }
    }
  }

  @Test func randomFragmentSoupIsHandled() {
    var generator = SplitMix64(seed: 0x5EED)
    for _ in 0..<3_000 {
      let count = Int.random(in: 1...30, using: &generator)
      let text = (0..<count).map { _ in Self.fragments.randomElement(using: &generator)! }.joined(
        separator: " ")
      Self.translate(text)
    }
  }

  @Test func randomBytesAreHandled() {
    var generator = SplitMix64(seed: 42)
    for _ in 0..<2_000 {
      let count = Int.random(in: 0...80, using: &generator)
      let scalars = (0..<count).map { _ in
        Character(Unicode.Scalar(UInt8.random(in: 0x09...0x7E, using: &generator)))
      }
      Self.translate(String(scalars))
    }
  }

  @Test func deepNestingIsHandled() {
    Self.translate("DeviceProcessEvents | where " + String(repeating: "not(", count: 5_000))
    Self.translate(String(repeating: "(", count: 10_000))
    Self.translate("print x = " + String(repeating: "-", count: 10_000) + "1")
  }
}
