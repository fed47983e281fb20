import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// An aggregate call with Kusto's empty-input results: counts 0, sets and lists `[]`, sums 0 when ungrouped.
  mutating func aggregateCall(_ call: AggregateCall, grouped: Bool, _ scope: ExpressionScope)
    -> SQLFragment
  {
    let arguments = call.arguments.map { scalar($0, scope) }
    let filter = call.filter.map { scalar($0, scope).operand(.not) }
    let span = call.arguments.first?.span ?? call.filter?.span ?? currentSpan ?? Span.at(0)
    func filtered(_ base: String, requireNonNull value: SQLFragment? = nil) -> String {
      var conditions: [String] = []
      if let value { conditions.append(value.operand(.additive) + " IS NOT NULL") }
      if let filter { conditions.append(filter) }
      return conditions.isEmpty
        ? base : base + " FILTER (WHERE " + conditions.joined(separator: " AND ") + ")"
    }
    let first = arguments.first ?? .null
    let resultType = Self.shortTypeName(call.type)
    switch call.function {
    case .count:
      let count = SQLFragment.atom(
        filtered(arguments.isEmpty ? "count(*)" : "count(" + first.text + ")"))
      return call.type == .long ? count : count.cast(resultType)
    case .countDistinct:
      let count = SQLFragment.atom(filtered("count(DISTINCT " + first.text + ")"))
      return call.type == .long ? count : count.cast(resultType)
    case .sum:
      var sum = SQLFragment.atom(filtered("sum(" + first.text + ")"))
      if call.type != .real { sum = sum.cast(resultType) }
      guard !grouped || filter != nil else { return sum }
      let zero = call.type == .timespan ? "interval '0'" : "0"
      return Self.function("coalesce", [sum, .atom(zero)])
    case .min, .max:
      return .atom(filtered((call.function == .min ? "min(" : "max(") + first.text + ")"))
    case .avg:
      let average = SQLFragment.atom(filtered("avg(" + first.text + ")"))
      return call.type == .timespan ? average : average.cast(resultType)
    case .stdev, .stdevPopulation, .variance:
      let names: [AggregateFunction: String] = [.stdev: "stddev_samp(", .stdevPopulation: "stddev_pop("]
      let name = names[call.function] ?? "var_samp("
      let value = SQLFragment.atom(filtered(name + first.text + ")")).cast("double precision")
      return grouped ? value : Self.function("coalesce", [value, .atom("0")])
    case .makeSet(let limit), .makeList(let limit):
      let distinct = {
        if case .makeSet = call.function { return "DISTINCT " } else { return "" }
      }()
      let aggregated: String
      if let limit {
        let slice = bind(.long(limit), as: "integer").text
        aggregated =
          "to_jsonb((" + filtered("array_agg(" + distinct + first.text + ")", requireNonNull: first)
          + ")[1:" + slice
          + "])"
      } else {
        aggregated = filtered("jsonb_agg(" + distinct + first.text + ")", requireNonNull: first)
      }
      return Self.function("coalesce", [.atom(aggregated), .atom("'[]'::jsonb")])
    case .makeBag:
      // The bags are gathered by the outer aggregate (`jsonb_agg` of outer columns belongs to the outer query),
      // then merged key by key.
      let bags = nextAlias()
      let entries = nextAlias()
      var conditions = ["jsonb_typeof(" + first.text + ") = 'object'"]
      if let filter { conditions.append(filter) }
      let gathered =
        "jsonb_agg(" + first.text + ") FILTER (WHERE " + conditions.joined(separator: " AND ") + ")"
      return .atom(
        "coalesce((SELECT jsonb_object_agg(" + entries + ".key, " + entries
          + ".value) FROM jsonb_array_elements("
          + gathered + ") AS " + bags + "(bag), jsonb_each(" + bags + ".bag) AS " + entries
          + "), '{}'::jsonb)")
    case .any:
      return .atom("(" + filtered("array_agg(" + first.text + ")", requireNonNull: first) + ")[1]")
    case .percentile(let percent):
      let fraction = bind(.real(percent / 100), as: "double precision").text
      return .atom(
        filtered("percentile_disc(" + fraction + ") WITHIN GROUP (ORDER BY " + first.text + ")"))
    case .median:
      return .atom(
        filtered(
          "percentile_cont(0.5) WITHIN GROUP (ORDER BY " + first.cast("double precision").text + ")"))
    case .valueAtMax, .valueAtMin:
      guard arguments.count == 2 else {
        report(
          SQLDiagnostics.argMaxArguments(at: span))
        return .null
      }
      let direction = call.function == .valueAtMax ? " DESC" : " ASC"
      return .atom(
        "("
          + filtered(
            "array_agg(" + arguments[1].text + " ORDER BY " + first.text + direction
              + " NULLS LAST)")
          + ")[1]")
    }
  }
}
