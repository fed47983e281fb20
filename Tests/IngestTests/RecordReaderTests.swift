import SpoorEngine
import Testing

@testable import SpoorIngest

@Suite("NDJSON and CSV readers")
struct RecordReaderTests {
  /// Every record of `text` read as `format`: line, then fields or the failure message.
  static func records(_ bytes: [UInt8], _ format: IngestFormat) throws -> [(
    Int, Result<[InputField], IngestReject.Reason>
  )] {
    let directory = try TemporaryDirectory()
    let path = try directory.write("input." + format.rawValue, bytes)
    let file = try InputFile(path: path)
    var reader: any RecordReader = format == .csv ? CSVReader(file: file) : NDJSONReader(file: file)
    var result: [(Int, Result<[InputField], IngestReject.Reason>)] = []
    while let record = try reader.next() { result.append((record.line, record.fields)) }
    #expect(reader.bytesRead == bytes.count)
    return result
  }

  static func fields(_ result: Result<[InputField], IngestReject.Reason>) -> [String: FieldValue]? {
    guard case .success(let fields) = result else { return nil }
    return Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
  }

  @Test func ndjsonValuesKeepTheirKinds() throws {
    let line =
      #"{"s": "a\"b\\c\n\u00e9\ud83d\ude00", "n": -1.5e3, "t": true, "f": false, "z": null, "o": {"k": [1, {"x": "}"}]}, "a": []}"#
    let records = try Self.records(Array((line + "\n").utf8), .ndjson)
    #expect(records.count == 1)
    let fields = try #require(Self.fields(records[0].1))
    #expect(fields["s"] == .text("a\"b\\c\né😀"))
    #expect(fields["n"] == .number("-1.5e3"))
    #expect(fields["t"] == .bool(true))
    #expect(fields["f"] == .bool(false))
    #expect(fields["z"] == .null)
    #expect(fields["o"] == .json(#"{"k": [1, {"x": "}"}]}"#))
    #expect(fields["a"] == .json("[]"))
  }

  @Test func ndjsonLineNumbersSkipBlankLinesAndHandleCRLFAndBOM() throws {
    let text = "\u{FEFF}{\"a\": 1}\r\n\r\n{\"a\": 2}\r\n   \n{\"a\": 3}"
    let records = try Self.records(Array(text.utf8), .ndjson)
    #expect(records.map(\.0) == [1, 3, 5])
    #expect(records.compactMap { Self.fields($0.1)?["a"] } == [.number("1"), .number("2"), .number("3")])
  }

  @Test(arguments: [
    ("{\"a\": 1", "malformed JSON: unexpected end of line, expected ',' or '}'"),
    ("[1, 2]", "malformed JSON at column 1: expected '{' (each line must be one JSON object)"),
    ("{\"a\": 1} x", "malformed JSON at column 10: expected the end of the line after the object"),
    ("{\"a\": tru}", "malformed JSON at column 7: expected a value"),
    (
      "{\"a\": \"x\\q\"}",
      "a: malformed JSON at column 10: expected a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
    ),
    ("{\"a\": \"\\u0000\"}", "a: NUL character (\\u0000) cannot be stored in PostgreSQL text"),
    ("{a: 1}", "malformed JSON at column 2: expected a field name"),
    ("{\"a\": 01}", "malformed JSON at column 8: expected ',' or '}'"),
  ])
  func malformedNDJSONIsRefusedWithAReason(line: String, message: String) throws {
    let records = try Self.records(Array(line.utf8), .ndjson)
    guard case .failure(let reason) = try #require(records.first).1 else {
      Issue.record("expected a failure for \(line)")
      return
    }
    #expect(reason.description == message)
  }

  @Test func invalidUTF8IsRefused() throws {
    let bytes: [UInt8] = Array("{\"a\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
    let records = try Self.records(bytes, .ndjson)
    guard case .failure(let reason) = records[0].1 else {
      Issue.record("expected a failure")
      return
    }
    #expect(reason.description == "a: invalid UTF-8")
  }

  @Test func veryLongValuesCrossReadChunks() throws {
    let long = String(repeating: "é", count: LineReader.chunkSize)  // 2 MiB of UTF-8
    let text = "{\"a\": \"x\"}\n{\"a\": \"\(long)\"}\n{\"a\": \"y\"}\n"
    let records = try Self.records(Array(text.utf8), .ndjson)
    #expect(records.map(\.0) == [1, 2, 3])
    #expect(Self.fields(records[1].1)?["a"] == .text(long))
    #expect(Self.fields(records[2].1)?["a"] == .text("y"))
  }

  @Test func csvFollowsRFC4180() throws {
    let text = "\u{FEFF}a,b,c\r\n1,\"x, \"\"quoted\"\"\",\r\n2,\"two\r\nlines\",Grüße\r\n\r\n3,,\"\"\n"
    let records = try Self.records(Array(text.utf8), .csv)
    #expect(records.map(\.0) == [2, 3, 6])
    #expect(Self.fields(records[0].1) == ["a": .text("1"), "b": .text("x, \"quoted\""), "c": .text("")])
    #expect(Self.fields(records[1].1) == ["a": .text("2"), "b": .text("two\r\nlines"), "c": .text("Grüße")])
    #expect(Self.fields(records[2].1) == ["a": .text("3"), "b": .text(""), "c": .text("")])
  }

  @Test func csvRecordErrors() throws {
    let text = "a,b\n1\n\"x\"y,2\n3,\"open\n"
    let records = try Self.records(Array(text.utf8), .csv)
    let messages = records.map { record -> String in
      if case .failure(let reason) = record.1 { return "\(record.0): \(reason)" }
      return "\(record.0): ok"
    }
    #expect(
      messages == [
        "2: record has 1 fields, the header has 2",
        "3: malformed CSV at column 4: expected ',' after a closing quote",
        "4: malformed CSV: a quoted field opened on this line is never closed",
      ])
  }

  @Test func emptyFilesHaveNoRecords() throws {
    #expect(try Self.records([], .ndjson).isEmpty)
    #expect(try Self.records([], .csv).isEmpty)
    #expect(try Self.records(Array("a,b\n".utf8), .csv).isEmpty)
  }

  @Test func formatComesFromTheExtension() {
    #expect(IngestFormat(path: "x.ndjson") == .ndjson)
    #expect(IngestFormat(path: "X.JSONL") == .ndjson)
    #expect(IngestFormat(path: "x.csv") == .csv)
    #expect(IngestFormat(path: "x.txt") == nil)
  }
}
