/// A problem in a hunt file, located at a line (and column when known) of that file.
public struct HuntFileError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file, as given to the library (relative to its directory).
  public var file: String
  /// The 1-based line, when known.
  public var line: Int?
  /// The 1-based column, when known.
  public var column: Int?
  /// A one-line message.
  public var message: String
  /// A suggested fix (for example "did you mean 'techniques'?").
  public var help: String?

  /// Creates an error.
  public init(file: String, line: Int?, column: Int? = nil, message: String, help: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.help = help
  }

  /// `file:line:col: error: message`, then `help: …` on its own line when there is help.
  public var description: String {
    var location = file
    if let line {
      location += ":\(line)"
      if let column { location += ":\(column)" }
    }
    var text = "\(location): error: \(message)"
    if let help { text += "\nhelp: \(help)" }
    return text
  }
}
