import Foundation
import SpoorEngine
import SpoorTestSupport
import Testing

@Suite("Hunt files")
struct HuntFileTests {
  static let valid = """
    id: my-hunt
    title: "My hunt"
    severity: high
    techniques: [T1003.001]
    tactics: credential-access
    schedule: 1h30m
    lookback: all
    query: |
      DeviceProcessEvents
      | where ProcessCommandLine contains "x"
    """

  private func errors(_ text: String) -> [HuntFileError] {
    switch HuntFileParser.parse(text, file: "q/h.yaml") {
    case .success: []
    case .failure(let failure): failure.errors
    }
  }

  @Test("a valid file reads into a hunt, with the query located in the file")
  func validFile() throws {
    let hunt = try HuntFileParser.parse(Self.valid, file: "q/h.yaml").get()
    #expect(hunt.id == "my-hunt")
    #expect(hunt.severity == .high)
    #expect(hunt.tactics == ["credential-access"])
    #expect(hunt.schedule == HuntInterval(seconds: 5_400))
    #expect(hunt.lookback == .all)
    #expect(hunt.language == nil)
    #expect(hunt.enabled)
    #expect(hunt.query == "DeviceProcessEvents\n| where ProcessCommandLine contains \"x\"")
    #expect(hunt.queryLocation == HuntQueryLocation(line: 9, indentation: 2))
    let source = hunt.querySource
    #expect(source.lineText(10) == "  | where ProcessCommandLine contains \"x\"")
  }

  @Test(
    "each mistake is reported at its line",
    arguments: [
      ("id: a\ntitle: t\nseverity: low\nquery: x\ntechnique: [T1]\n", 5, "unknown key 'technique'"),
      ("id: a\ntitle: t\nseverity: low\nquery: x\nschedule: 15 minutes\n", 5, "bad schedule '15 minutes'"),
      ("id: a\ntitle: t\nseverity: severe\nquery: x\n", 3, "unknown severity 'severe'"),
      ("id: a\ntitle: t\nseverity: low\nquery: x\nlanguage: sql\n", 5, "unknown language 'sql'"),
      (
        "id: a\ntitle: t\nseverity: low\nquery: x\ntechniques: [T1003.1]\n", 5,
        "'T1003.1' is not a MITRE ATT&CK technique id"
      ),
      ("id: A B\ntitle: t\nseverity: low\nquery: x\n", 1, "id 'A B' must be"),
      ("id: a\ntitle: t\nseverity: low\nquery: x\ntitle: u\n", 5, "duplicate key 'title'"),
      ("id: a\ntitle: [t\nseverity: low\n", 3, "invalid YAML"),
      ("id: a\ntitle: t\nseverity: low\nquery: x\nenabled: maybe\n", 5, "enabled must be true or false"),
    ])
  func mistakes(text: String, line: Int, message: String) {
    let found = errors(text)
    #expect(found.contains { $0.line == line && $0.message.hasPrefix(message) }, "got \(found)")
  }

  @Test("missing keys are all listed, and an unknown key gets a suggestion")
  func missingAndSuggested() {
    let found = errors("title: t\ndescripton: d\n")
    #expect(found.contains { $0.message == "missing required key 'id'" })
    #expect(found.contains { $0.message == "missing required key 'query'" })
    #expect(found.contains { $0.message == "missing required key 'severity'" })
    #expect(found.contains { $0.help == "did you mean 'description'?" })
    #expect(found.first?.description.hasPrefix("q/h.yaml:2:1: error: unknown key 'descripton'") == true)
  }

  @Test("duplicate ids across files are refused")
  func duplicateIDs() throws {
    let first = Hunt(id: "same", title: "a", severity: .low, query: "x", file: "q/a.yaml")
    let second = Hunt(id: "same", title: "b", severity: .low, query: "y", file: "q/b.yaml")
    let library = HuntLibrary(hunts: [first, second])
    #expect(library.hunts.count == 1)
    #expect(library.errors.first?.message == "duplicate hunt id 'same'")
    #expect(library.errors.first?.file == "q/b.yaml")
  }

  @Test("intervals parse and print back")
  func intervals() {
    #expect(HuntInterval(parsing: "15m")?.seconds == 900)
    #expect(HuntInterval(parsing: "1d")?.description == "1d")
    #expect(HuntInterval(parsing: "90m")?.description == "1h30m")
    #expect(HuntInterval(parsing: "0m") == nil)
    #expect(HuntInterval(parsing: "m") == nil)
    #expect(HuntInterval(parsing: "15") == nil)
    #expect(HuntInterval(parsing: "1.5h")?.seconds == 5_400)
    #expect(HuntInterval(parsing: "1500ms") == nil)
    #expect(HuntInterval(parsing: "2w")?.description == "14d")
    #expect(HuntLookback(parsing: "ALL") == .all)
  }

  @Test("one duration grammar: groups of number and unit, milliseconds to weeks")
  func intervalText() {
    #expect(IntervalText.microseconds("500ms") == 500_000)
    #expect(IntervalText.microseconds(" 1h30m ") == 5_400_000_000)
    #expect(IntervalText.microseconds("0s") == 0)
    #expect(IntervalText.microseconds("1m30s250ms") == 90_250_000)
    for malformed in ["", "15", "m", "1h 30m", "1x", "-5s", "1..5s", "s5"] {
      #expect(IntervalText.microseconds(malformed) == nil, "\(malformed)")
    }
  }

  @Test("the shipped queries/ load cleanly; Sigma-derived hunts keep their DRL attribution")
  func shippedLibrary() throws {
    let library = try HuntLibrary.load(path: TestDatabase.packageRoot + "/queries")
    #expect(library.errors.isEmpty, "\(library.errors)")
    #expect(library.hunts.count >= 14)
    let sigma = library.hunts.filter { $0.id.hasPrefix("sigma-") }
    #expect(sigma.count >= 10)
    for hunt in sigma {
      #expect(hunt.license == "DRL-1.1", "\(hunt.id)")
      #expect(hunt.author?.isEmpty == false, "\(hunt.id)")
      #expect(hunt.source?.ruleID != nil, "\(hunt.id)")
      #expect(hunt.source?.url?.hasPrefix("https://github.com/SigmaHQ/sigma/") == true, "\(hunt.id)")
    }
    #expect(library.hunt(id: "python-image-load-by-non-python-process")?.language == .kql)
    #expect(library.hunt(id: "python-spawns-notepad-calc-or-svchost")?.language == .xql)
  }
}
