import Foundation
import SpoorDiagnostics
import SpoorXQL

/// The stored hunts of a directory (`queries/`): every `*.yaml` / `*.yml` file in it or below, one hunt per file.
public struct HuntLibrary: Sendable {
  /// The hunts that loaded, ordered by id.
  public var hunts: [Hunt]
  /// Every problem found, by file and line; a file with a problem contributes no hunt.
  public var errors: [HuntFileError]

  /// Creates a library from hunts already read, checking that ids are unique.
  public init(hunts: [Hunt], errors: [HuntFileError] = []) {
    var seen: [String: Hunt] = [:]
    var unique: [Hunt] = []
    var problems = errors
    for hunt in hunts {
      if let first = seen[hunt.id] {
        problems.append(
          HuntFileError(
            file: hunt.file,
            line: nil,
            message: "duplicate hunt id '\(hunt.id)'",
            help: "'\(hunt.id)' is already the id of \(first.file); ids must be unique"
          )
        )
      } else {
        seen[hunt.id] = hunt
        unique.append(hunt)
      }
    }
    self.hunts = unique.sorted { $0.id < $1.id }
    self.errors = problems
  }

  /// Loads a directory (recursively) or a single hunt file.
  /// - Throws: `HuntLibraryError` when the path does not exist or cannot be read.
  public static func load(path: String) throws -> HuntLibrary {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw HuntLibraryError.notFound(path)
    }
    let files = isDirectory.boolValue ? try huntFiles(in: path) : [path]
    var hunts: [Hunt] = []
    var errors: [HuntFileError] = []
    for file in files {
      guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
        errors.append(HuntFileError(file: file, line: nil, message: "cannot read the file as UTF-8 text"))
        continue
      }
      switch HuntFileParser.parse(text, file: file) {
      case .success(let hunt): hunts.append(hunt)
      case .failure(let failure): errors.append(contentsOf: failure.errors)
      }
    }
    return HuntLibrary(hunts: hunts, errors: errors)
  }

  /// The XQL hunts as the stored queries `call` reaches, each by its id and by its title.
  public var storedXQLQueries: XQLStoredQueries { Self.storedXQLQueries(of: hunts) }

  /// The XQL hunts among `hunts` as the stored queries `call` reaches, each by its id and by its title.
  public static func storedXQLQueries(of hunts: [Hunt]) -> XQLStoredQueries {
    var queries: [String: String] = [:]
    for hunt in hunts where hunt.language == .xql {
      queries[hunt.id] = hunt.query
      if queries[hunt.title] == nil { queries[hunt.title] = hunt.query }
    }
    return XQLStoredQueries(queries)
  }

  /// The hunt with this id.
  public func hunt(id: String) -> Hunt? {
    hunts.first { $0.id == id }
  }

  /// The hunt with this id.
  /// - Throws: ``HuntLibraryError/unknownHunt(_:suggestion:)`` with the closest ids.
  public func requireHunt(id: String) throws -> Hunt {
    if let hunt = hunt(id: id) { return hunt }
    throw HuntLibraryError.unknownHunt(id, suggestion: NameSuggester.help(for: id, among: hunts.map(\.id)))
  }

  /// The hunt files under a directory, in path order (READMEs and other files are ignored).
  static func huntFiles(in directory: String) throws -> [String] {
    // Resolve a symlinked folder first: the enumerator does not descend into a link.
    let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
    guard let enumerator = FileManager.default.enumerator(atPath: resolved) else {
      throw HuntLibraryError.unreadable(directory)
    }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
      guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
      files.append(directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
    }
    return files.sorted()
  }
}

/// Why a hunt library could not be read at all.
public enum HuntLibraryError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The path does not exist.
  case notFound(String)
  /// The directory cannot be listed.
  case unreadable(String)
  /// No hunt has this id.
  case unknownHunt(String, suggestion: String?)

  /// A one-line explanation.
  public var description: String {
    switch self {
    case .notFound(let path): "no hunt file or directory at '\(path)'"
    case .unreadable(let path): "cannot list the hunt directory '\(path)'"
    case .unknownHunt(let id, let suggestion): "no hunt with id '\(id)'" + (suggestion.map { "; \($0)" } ?? "")
    }
  }
}
