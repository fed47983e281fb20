/// One Kusto scalar function as Spoor knows it: its documented signature, and whether Spoor translates it.
///
/// The table of them (``KQLFunction/all``) is the one place function names live: the binder reads it for the
/// argument count, the "did you mean" candidates and the reason a function is refused, and
/// `docs/kql-functions.md` is rendered from it (``KQLFunction/markdown``).
public struct KQLFunction: Sendable, Hashable {
  /// Whether Spoor translates a function.
  public enum Status: Sendable, Hashable {
    /// Translated exactly.
    case translated
    /// Recognised and refused, with the reason.
    case unsupported(String)
  }

  /// The groups of Kusto's scalar-function list, in its order.
  public enum Category: String, Sendable, CaseIterable {
    case binary = "Binary functions"
    case conversion = "Conversion functions"
    case datetime = "DateTime/timespan functions"
    case dynamic = "Dynamic/array functions"
    case window = "Window scalar functions"
    case flowControl = "Flow control functions"
    case math = "Mathematical functions"
    case metadata = "Metadata functions"
    case rounding = "Rounding functions"
    case conditional = "Conditional functions"
    case seriesElementWise = "Series element-wise functions"
    case seriesProcessing = "Series processing functions"
    case string = "String functions"
    case ip = "IPv4/IPv6 functions"
    case ipText = "IPv4 text match functions"
    case type = "Type functions"
    case scalarAggregation = "Scalar aggregation functions"
    case geospatial = "Geospatial functions"
    case hash = "Hash functions"
    case units = "Units conversion functions"
  }

  /// The name as written in a query.
  public let name: String
  /// Its group in Kusto's list.
  public let category: Category
  /// The parameters as Kusto documents them (`[…]` marks optional ones); empty for refused functions.
  public let parameters: String
  /// The result type; empty for refused functions.
  public let result: String
  /// How many arguments a call may have; nil for refused functions (the refusal comes first).
  public let arity: ClosedRange<Int>?
  /// Translated, or refused and why.
  public let status: Status
  /// For a deprecated or alternative spelling, the documented name it stands for.
  public let aliasOf: String?

  /// True when Spoor translates the function.
  public var isTranslated: Bool { status == .translated }

  /// The function with this name (a dictionary built once), or nil when Kusto has no such scalar function.
  public static func named(_ name: String) -> KQLFunction? { byName[name] }

  /// Every function by name.
  static let byName: [String: KQLFunction] = Dictionary(
    all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

  /// The names of translated functions: the candidates for "did you mean".
  public static let translatedNames: [String] = all.filter(\.isTranslated).map(\.name)
}
