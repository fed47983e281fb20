/// The stored queries `call` can reach: XQL text by name, given to the front end so it stays pure (the engine
/// fills it from the hunt library).
public struct XQLStoredQueries: Sendable {
  private let byName: [String: String]

  /// No stored queries.
  public static let none = XQLStoredQueries([:])

  /// Stored queries by name; names are matched case-insensitively.
  public init(_ queries: [String: String]) {
    byName = Dictionary(queries.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
  }

  /// The text of the query named `name`, or nil.
  public func text(named name: String) -> String? { byName[name.lowercased()] }

  /// Every name, sorted, for "did you mean".
  var names: [String] { byName.keys.sorted() }
}
