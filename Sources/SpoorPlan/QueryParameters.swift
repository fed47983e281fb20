/// Values for a query's parameters: XQL's `$name` (Cortex's query-library and dashboard inputs) and KQL's
/// `declare query_parameters(name: type [= default])`, given by the caller (`spoor query --param name=value`).
public struct QueryParameters: Sendable, Hashable {
  /// What a parameter without a value (and, in KQL, without a default) becomes.
  public enum Unbound: Sendable, Hashable {
    /// An error at the parameter, saying how to give it (running a query).
    case refused
    /// A placeholder of the parameter's type, with a warning: the statement's shape is the same for every value
    /// (`spoor validate` checks the translation and PostgreSQL's plan).
    case placeholder
  }

  /// The values by parameter name (without XQL's `$`), as the caller wrote them.
  public var values: [String: String]
  /// What a parameter without a value becomes.
  public var unbound: Unbound

  /// Creates parameter values.
  public init(values: [String: String] = [:], unbound: Unbound = .refused) {
    self.values = values
    self.unbound = unbound
  }

  /// No values: every parameter is refused.
  public static let none = QueryParameters()

  /// Reads `name=value` arguments (a leading `$` on the name is dropped); fails on one without `=` or a name.
  public static func parse(_ arguments: [String]) -> Result<[String: String], InvalidArgument> {
    var values: [String: String] = [:]
    for argument in arguments {
      guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
        return .failure(InvalidArgument(text: argument))
      }
      var name = String(argument[..<equals])
      if name.hasPrefix("$") { name.removeFirst() }
      values[name] = String(argument[argument.index(after: equals)...])
    }
    return .success(values)
  }

  /// A `--param` argument that is not `name=value`.
  public struct InvalidArgument: Error, Sendable, Hashable, CustomStringConvertible {
    /// The argument as given.
    public var text: String
    public var description: String { "'\(text)' is not name=value" }
  }
}
