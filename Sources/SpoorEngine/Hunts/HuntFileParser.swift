import Foundation
import SpoorDiagnostics
import SpoorPlan
import Yams

/// Reads one hunt file (YAML) into a `Hunt`, reporting every problem with its line.
public enum HuntFileParser {
  /// The keys a hunt file may use.
  public static let knownKeys = [
    "id", "title", "description", "severity", "tactics", "techniques", "language", "schedule", "enabled",
    "lookback", "query", "references", "author", "license", "source",
  ]
  /// The keys of the `source` mapping.
  public static let knownSourceKeys = ["rule_id", "url", "project"]

  /// Parses `text`, the contents of `file`: the hunt, or every problem found (never both).
  public static func parse(_ text: String, file: String) -> Result<Hunt, HuntFileErrors> {
    var reader = Reader(file: file, text: text)
    let hunt = reader.read()
    if let hunt, reader.errors.isEmpty { return .success(hunt) }
    return .failure(HuntFileErrors(errors: reader.errors))
  }
}

/// Every problem found in one or more hunt files.
public struct HuntFileErrors: Error, Sendable, CustomStringConvertible {
  /// The problems, in file and line order.
  public var errors: [HuntFileError]

  /// Creates the list.
  public init(errors: [HuntFileError]) { self.errors = errors }

  /// One problem per paragraph.
  public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// The parser's working state: the file, its lines and the problems found so far.
private struct Reader {
  let file: String
  let text: String
  var errors: [HuntFileError] = []

  init(file: String, text: String) {
    self.file = file
    self.text = text
  }

  mutating func read() -> Hunt? {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      report(yamlError: error)
      return nil
    } catch {
      errors.append(HuntFileError(file: file, line: nil, message: "cannot read YAML: \(error)"))
      return nil
    }
    guard let mapping = root?.mapping else {
      errors.append(
        HuntFileError(
          file: file, line: root?.mark?.line ?? 1,
          message: "a hunt file is a YAML mapping of keys such as id, title and query"))
      return nil
    }

    var values: [String: Node] = [:]
    for (keyNode, value) in mapping {
      guard let key = keyNode.scalar?.string else {
        fail(keyNode, "keys must be plain words")
        continue
      }
      guard HuntFileParser.knownKeys.contains(key) else {
        fail(keyNode, "unknown key '\(key)'", help: NameSuggester.help(for: key, among: HuntFileParser.knownKeys))
        continue
      }
      values[key] = value
    }
    let mappingMark = root?.mark

    let id = requiredString("id", values, at: mappingMark)
    if let id, let node = values["id"], !Self.isValidID(id) {
      fail(node, "id '\(id)' must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
    }
    let title = requiredString("title", values, at: mappingMark)
    let query = requiredString("query", values, at: mappingMark)
    let severityText = requiredString("severity", values, at: mappingMark)
    var severity: HuntSeverity?
    if let severityText, let node = values["severity"] {
      severity = HuntSeverity(rawValue: severityText.lowercased())
      if severity == nil {
        fail(
          node, "unknown severity '\(severityText)'",
          help: "use one of " + HuntSeverity.allCases.map(\.rawValue).joined(separator: ", "))
      }
    }

    var language: QueryLanguage?
    if let node = values["language"], let text = string(node, "language") {
      language = QueryLanguage(rawValue: text.lowercased())
      if language == nil {
        fail(node, "unknown language '\(text)'", help: "use kql or xql, or leave it out to detect it from the query")
      }
    }
    var schedule = HuntDefaults.schedule
    if let node = values["schedule"], let text = string(node, "schedule") {
      if let interval = HuntInterval(parsing: text) {
        schedule = interval
      } else {
        fail(node, "bad schedule '\(text)'", help: "write an interval such as 15m, 1h or 1d")
      }
    }
    var lookback = HuntDefaults.lookback
    if let node = values["lookback"], let text = string(node, "lookback") {
      if let parsed = HuntLookback(parsing: text) {
        lookback = parsed
      } else {
        fail(node, "bad lookback '\(text)'", help: "write 'all' or an interval such as 7d")
      }
    }
    var enabled = true
    if let node = values["enabled"] {
      switch node.scalar?.string.lowercased() {
      case "true", "yes", "on": enabled = true
      case "false", "no", "off": enabled = false
      default: fail(node, "enabled must be true or false")
      }
    }
    let techniques = stringList("techniques", values)
    for technique in techniques where !Self.isTechniqueID(technique) {
      fail(
        values["techniques"]!, "'\(technique)' is not a MITRE ATT&CK technique id",
        help: "write ids such as T1059 or T1003.001")
    }
    let source = readSource(values["source"])

    guard let id, let title, let query, let severity else { return nil }
    return Hunt(
      id: id,
      title: title,
      description: values["description"].flatMap { string($0, "description") } ?? "",
      severity: severity,
      tactics: stringList("tactics", values),
      techniques: techniques,
      language: language,
      schedule: schedule,
      enabled: enabled,
      lookback: lookback,
      query: query,
      references: stringList("references", values),
      author: values["author"].flatMap { string($0, "author") },
      license: values["license"].flatMap { string($0, "license") },
      source: source,
      file: file,
      queryLocation: queryLocation(of: values["query"]!, query: query)
    )
  }

  static func isValidID(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, Self.isIDStart(first) else { return false }
    return id.unicodeScalars.allSatisfy { Self.isIDStart($0) || $0 == "." || $0 == "_" || $0 == "-" }
  }

  static func isIDStart(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
  }

  static func isTechniqueID(_ text: String) -> Bool {
    text.range(of: #"^T[0-9]{4}(\.[0-9]{3})?$"#, options: .regularExpression) != nil
  }

  mutating func requiredString(_ key: String, _ values: [String: Node], at mark: Mark?) -> String? {
    guard let node = values[key] else {
      errors.append(
        HuntFileError(file: file, line: mark?.line ?? 1, column: mark?.column, message: "missing required key '\(key)'")
      )
      return nil
    }
    guard let text = string(node, key) else { return nil }
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      fail(node, "'\(key)' is empty")
      return nil
    }
    return text
  }

  mutating func string(_ node: Node, _ key: String) -> String? {
    guard let scalar = node.scalar else {
      fail(node, "'\(key)' must be a single text value")
      return nil
    }
    return scalar.string
  }

  /// A key that holds one string or a list of strings.
  mutating func stringList(_ key: String, _ values: [String: Node]) -> [String] {
    guard let node = values[key] else { return [] }
    if let scalar = node.scalar { return scalar.string.isEmpty ? [] : [scalar.string] }
    guard let sequence = node.sequence else {
      fail(node, "'\(key)' must be a list of text values")
      return []
    }
    var items: [String] = []
    for item in sequence {
      if let text = item.scalar?.string {
        items.append(text)
      } else {
        fail(item, "each item of '\(key)' must be a text value")
      }
    }
    return items
  }

  mutating func readSource(_ node: Node?) -> HuntSource? {
    guard let node else { return nil }
    guard let mapping = node.mapping else {
      fail(node, "'source' must be a mapping with rule_id, url and project")
      return nil
    }
    var source = HuntSource()
    for (keyNode, value) in mapping {
      let key = keyNode.scalar?.string ?? ""
      guard HuntFileParser.knownSourceKeys.contains(key) else {
        fail(
          keyNode, "unknown key '\(key)' in source",
          help: NameSuggester.help(for: key, among: HuntFileParser.knownSourceKeys))
        continue
      }
      let text = string(value, "source.\(key)")
      switch key {
      case "rule_id": source.ruleID = text
      case "url": source.url = text
      default: source.project = text
      }
    }
    return source
  }

  /// Finds the query's first line in the file, so diagnostics in the query can point at the file's own lines.
  func queryLocation(of node: Node, query: String) -> HuntQueryLocation {
    let markLine = node.mark?.line ?? 1
    let markColumn = node.mark?.column ?? 1
    guard let scalar = node.scalar else { return HuntQueryLocation(line: markLine, indentation: 0) }
    switch scalar.style {
    case .literal, .folded:
      // The block's content starts on a later line than its `|` indicator; find its first non-blank line.
      let lines = text.components(separatedBy: "\n")
      let firstQueryLine =
        query.components(separatedBy: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
      var index = markLine
      while index < lines.count {
        let line = lines[index]
        let content = line.drop { $0 == " " }
        if !content.isEmpty {
          if content.hasPrefix(firstQueryLine) {
            return HuntQueryLocation(line: index + 1, indentation: line.count - content.count)
          }
          break
        }
        index += 1
      }
      return HuntQueryLocation(line: markLine + 1, indentation: 0)
    case .singleQuoted, .doubleQuoted:
      return HuntQueryLocation(line: markLine, indentation: markColumn)
    default:
      return HuntQueryLocation(line: markLine, indentation: markColumn - 1)
    }
  }

  mutating func fail(_ node: Node, _ message: String, help: String? = nil) {
    errors.append(
      HuntFileError(file: file, line: node.mark?.line, column: node.mark?.column, message: message, help: help))
  }

  mutating func report(yamlError error: YamlError) {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\($0.text): " } ?? ""
      errors.append(
        HuntFileError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(detail)\(problem)"))
    case .duplicatedKeysInMapping(let duplicates, let context):
      // Yams points at the first occurrence; the mistake is the repetition, so point at the later line.
      let lines = text.components(separatedBy: "\n")
      let repeated = lines.indices.dropFirst(context.mark.line).first { index in
        let line = lines[index].drop { $0 == " " }
        return duplicates.contains { line.hasPrefix($0 + ":") }
      }
      errors.append(
        HuntFileError(
          file: file,
          line: repeated.map { $0 + 1 } ?? context.mark.line,
          column: repeated.map { lines[$0].prefix { $0 == " " }.count + 1 } ?? context.mark.column,
          message: "duplicate key " + duplicates.map { "'\($0)'" }.joined(separator: ", "),
          help: "the first '\(duplicates.first ?? "")' is on line \(context.mark.line)"
        )
      )
    default:
      errors.append(HuntFileError(file: file, line: nil, message: "invalid YAML: \(error)"))
    }
  }
}
