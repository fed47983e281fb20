/// A named piece of query text with a line table, so spans can be turned into line:column at the edge.
public struct SourceText: Sendable {
  /// A display name: a file path, `<argument>` or `<stdin>`.
  public let name: String
  /// The full text.
  public let text: String
  /// The UTF-8 bytes of `text`, which spans index.
  public let utf8: [UInt8]
  /// Byte offset of the first byte of each line.
  private let lineStarts: [Int]

  /// Creates a source text and indexes its lines.
  public init(name: String, text: String) {
    self.name = name
    self.text = text
    self.utf8 = Array(text.utf8)
    var starts = [0]
    for (offset, byte) in utf8.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(offset + 1)
    }
    self.lineStarts = starts
  }

  /// A 1-based line and character column.
  public struct Location: Hashable, Sendable {
    /// 1-based line number.
    public var line: Int
    /// 1-based column counted in characters (tabs count as one).
    public var column: Int
  }

  /// The 1-based line and character column of a byte offset.
  public func location(of offset: Int) -> Location {
    let clamped = min(max(offset, 0), utf8.count)
    let lineIndex = lineIndex(containing: clamped)
    let lineStart = lineStarts[lineIndex]
    let prefix = String(decoding: utf8[lineStart..<clamped], as: UTF8.self)
    return Location(line: lineIndex + 1, column: prefix.count + 1)
  }

  /// The text of a 1-based line, without its line terminator.
  public func lineText(_ line: Int) -> String {
    let index = line - 1
    guard index >= 0, index < lineStarts.count else { return "" }
    let start = lineStarts[index]
    var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : utf8.count
    if end > start, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: utf8[start..<max(start, end)], as: UTF8.self)
  }

  /// The text a span covers.
  public func slice(_ span: Span) -> String {
    let start = min(max(span.start, 0), utf8.count)
    let end = min(max(span.end, start), utf8.count)
    return String(decoding: utf8[start..<end], as: UTF8.self)
  }

  private func lineIndex(containing offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return low
  }
}
