import CFuzzerDriver
import Foundation
import SpoorCatalog
// The readers are internal to ingest; scripts/fuzz builds in debug, where SwiftPM enables testability.
@testable import SpoorIngest

/// One column of every type ingest converts, so each conversion rule meets the fuzzer's values.
let table = IngestTable(
  name: "fuzz",
  columns: [
    IngestColumn(name: "b", type: .bool, isNullable: true),
    IngestColumn(name: "i", type: .int, isNullable: true),
    IngestColumn(name: "l", type: .long, isNullable: false),
    IngestColumn(name: "r", type: .real, isNullable: true),
    IngestColumn(name: "s", type: .string, isNullable: false),
    IngestColumn(name: "t", type: .datetime, isNullable: true),
    IngestColumn(name: "span", type: .timespan, isNullable: true),
    IngestColumn(name: "d", type: .dynamic, isNullable: true),
    IngestColumn(name: "g", type: .guid, isNullable: true),
  ])
let encoder = RowEncoder(table: table, ignoreUnknown: true)

/// Reads the input as ingest does, line by line: each line as an NDJSON record, then converted into the table's
/// cells; the whole input as one CSV record (a quoted field may span lines).
///
/// A reject is the expected outcome for bad input; any crash, trap or hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
    if let fields = try? JSONLineParser.parse(line) {
      _ = try? encoder.cells(of: fields)
    }
  }
  var fields = CSVFields()
  _ = bytes.withUnsafeBufferPointer { try? CSVRecordParser.parse($0, into: &fields) }
  return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
