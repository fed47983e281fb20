import SpoorPlan

/// One PostgreSQL statement with `$n` placeholders and the values bound to them, in order.
public struct SQLStatement: Hashable, Sendable {
  /// The SQL text.
  ///
  /// User text never appears in it: identifiers come from the catalog, literals are binds.
  public var text: String
  /// The value of `$1`, `$2`, … in order.
  public var parameters: [Value]
  /// The output columns, in order.
  public var columns: [OutputColumn]

  /// Creates a statement.
  public init(text: String, parameters: [Value], columns: [OutputColumn]) {
    self.text = text
    self.parameters = parameters
    self.columns = columns
  }
}
