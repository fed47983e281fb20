/// One field of an input record, as the file spelled it, before conversion to a column type.
///
/// CSV fields are always ``text(_:)``; NDJSON keeps the JSON kind so that conversion can tell `"12"` from `12`
/// only where it matters (it never does: one set of rules converts every kind, see ``ValueConverter``).
public enum FieldValue: Sendable, Hashable {
  /// JSON `null`.
  case null
  /// A CSV field or a JSON string, unescaped.
  case text(String)
  /// A JSON number, as its literal text (`12`, `-1.5e3`).
  case number(String)
  /// A JSON `true` or `false`.
  case bool(Bool)
  /// A JSON object or array, as its source text.
  case json(String)
}

/// A named field of an input record.
public struct InputField: Sendable, Hashable {
  /// The field name (JSON key or CSV header).
  public var name: String
  /// The value.
  public var value: FieldValue

  /// Creates a field.
  public init(name: String, value: FieldValue) {
    self.name = name
    self.value = value
  }
}
