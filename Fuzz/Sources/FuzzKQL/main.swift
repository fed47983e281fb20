import CFuzzerDriver
import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPlan

/// Translates the input, read as UTF-8 (invalid bytes repaired), as KQL against the built-in catalog.
///
/// Any crash, trap or hang is a finding; diagnostics are the expected outcome. It is exported under libFuzzer's
/// name as well, which libFuzzer's own `main`, linked in but not run, refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let text = data.map { String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self) } ?? ""
  _ = Compiler(catalog: .builtIn).compile(
    SourceText(name: "fuzz.kql", text: text), language: .kql, options: CompileOptions(now: 0))
  return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
