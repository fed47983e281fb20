import ArgumentParser
import SpoorPlan

/// The `--param name=value` option: values of a query's parameters (XQL `$name`, KQL `declare query_parameters`).
struct QueryParameterOptions: ParsableArguments {
  @Option(
    name: .customLong("param"),
    help: ArgumentHelp(
      "A query parameter's value: XQL's $name, or a KQL declare query_parameters name (repeatable).",
      valueName: "name=value"))
  var arguments: [String] = []

  /// The values by name.
  var values: [String: String] {
    get throws {
      switch QueryParameters.parse(arguments) {
      case .success(let values): return values
      case .failure(let invalid): throw ValidationError("--param \(invalid)")
      }
    }
  }

  func validate() throws { _ = try values }
}
