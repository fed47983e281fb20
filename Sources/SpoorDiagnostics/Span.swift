/// A half-open range of UTF-8 byte offsets into one ``SourceText``.
public struct Span: Hashable, Sendable, CustomStringConvertible {
  /// Offset of the first byte covered.
  public var start: Int
  /// Offset one past the last byte covered.
  public var end: Int

  /// Creates a span covering `start..<end` (an empty span when they are equal).
  public init(start: Int, end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  /// An empty span at `offset`.
  public static func at(_ offset: Int) -> Span { Span(start: offset, end: offset) }

  /// The number of bytes covered.
  public var length: Int { end - start }

  /// The smallest span covering both `self` and `other`.
  public func union(_ other: Span) -> Span {
    Span(start: min(start, other.start), end: max(end, other.end))
  }

  public var description: String { "\(start)..<\(end)" }
}
