import Foundation
import SpoorDiagnostics
import SpoorPlan

/// A file `spoor validate` checks: a `.kql`/`.xql` query or a hunt file (`.yaml`/`.yml`).
public struct QueryFile: Sendable {
  /// The path as given or found.
  public var path: String

  /// A file at `path`.
  public init(path: String) {
    self.path = path
  }

  /// A query read from a file: its source (laid out as in the file) and its language, when known.
  public struct Query: Sendable {
    /// The query text, with lines and columns as in the file.
    public var source: SourceText
    /// The language, when the file says.
    public var language: QueryLanguage?
  }

  /// Reads the query: a query file's whole text, or a hunt file's `query`.
  /// - Throws: a readable error for unreadable files and invalid hunt files.
  public func load() throws -> Query {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw QueryFileError(message: "cannot read '\(path)'")
    }
    let text = String(decoding: data, as: UTF8.self)
    if let language = LanguageDetector.language(ofPath: path) {
      return Query(source: SourceText(name: path, text: text), language: language)
    }
    switch HuntFileParser.parse(text, file: path) {
    case .success(let hunt): return Query(source: hunt.querySource, language: hunt.language)
    case .failure(let errors): throw QueryFileError(message: errors.description)
    }
  }
}

/// A file that could not be read as a query.
public struct QueryFileError: Error, Sendable, CustomStringConvertible {
  /// What went wrong.
  public var message: String
  public var description: String { message }
}

/// Finds the query and hunt files under a list of paths.
public enum QueryFiles {
  /// The extensions `spoor validate` reads.
  public static let extensions: Set<String> = ["kql", "xql", "yaml", "yml"]

  /// Files named directly, plus query and hunt files found recursively under directories, each directory's files sorted.
  /// - Throws: ``QueryFileError`` for a path that does not exist.
  public static func collect(_ paths: [String]) throws -> [QueryFile] {
    var files: [QueryFile] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw QueryFileError(message: "no such file or directory: '\(path)'")
      }
      guard isDirectory.boolValue else {
        files.append(QueryFile(path: path))
        continue
      }
      let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
        .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasSuffix("README.md") }
        .sorted()
      files += found.map { QueryFile(path: (path as NSString).appendingPathComponent($0)) }
    }
    return files
  }
}
