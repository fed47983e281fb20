import ArgumentParser
import Foundation
import SpoorDiagnostics
import SpoorEngine
import SpoorPlan

/// Where a query's text comes from: an argument, `-f FILE`, or standard input; and which language it is in.
struct QueryInput: ParsableArguments {
  @Argument(help: "The query text. Omit it to read -f FILE or standard input.")
  var query: String?

  @Option(name: .shortAndLong, help: "Read the query from a file (.kql or .xql).")
  var file: String?

  @Option(
    name: .customLong("lang"), help: "The query language: kql or xql (default: from the file extension, else detected)."
  )
  var language: QueryLanguage?

  /// The query's source text and its language hint.
  func read() throws -> (source: SourceText, language: QueryLanguage?) {
    if let query, file != nil {
      throw CommandError("give the query either as an argument or with -f, not both (argument: \(query.prefix(30))…)")
    }
    if let query {
      return (SourceText(name: "<query>", text: query), language)
    }
    if let file {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw CommandError("cannot read query file '\(file)'")
      }
      return (
        SourceText(name: file, text: String(decoding: data, as: UTF8.self)),
        language ?? LanguageDetector.language(ofPath: file)
      )
    }
    if isatty(STDIN_FILENO) != 0 {
      throw CommandError("no query given: pass it as an argument, with -f FILE, or on standard input")
    }
    let data = FileHandle.standardInput.readDataToEndOfFile()
    return (SourceText(name: "<stdin>", text: String(decoding: data, as: UTF8.self)), language)
  }
}

extension QueryLanguage: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
