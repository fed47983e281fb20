import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

extension StatementBuilder {
  /// KQL `make-series`: the cells (one row per group and bin) gathered per group into a `jsonb` object keyed by
  /// bin number, then each array read from it over every bin in order, a missing bin giving the default.
  ///
  /// ```sql
  /// SELECT m."k", (SELECT coalesce(jsonb_agg(coalesce(m."v" -> b.i::text, default) ORDER BY b.i), '[]')
  ///                FROM generate_series(0, bins - 1) AS b(i)) AS "v", (… axis values …) AS "Timestamp"
  /// FROM (SELECT c."k", jsonb_object_agg(c."__bin"::text, to_jsonb(c."v")) AS "v" FROM (cells) AS c
  ///       GROUP BY c."k") AS m
  /// ```
  mutating func seriesBlock(_ cells: Relation, _ layout: SeriesLayout) -> SelectBlock {
    let cellTypes = Dictionary(cells.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    let source = derivedSource(block(for: cells))
    func cell(_ name: String) -> String {
      source.columns.first { $0.name == name }?.fragment.text ?? "NULL"
    }
    var grouped: [String] = []
    for key in layout.keys { grouped.append(cell(key) + " AS " + SQLIdentifier.quoted(key)) }
    let bin = cell(layout.binColumn) + "::text"
    for value in layout.values {
      let json = convert(
        .atom(cell(value.name)), from: cellTypes[value.name] ?? .dynamic, to: .dynamic, span: currentSpan)
      grouped.append(
        "jsonb_object_agg(" + bin + ", " + json.text + ") AS " + SQLIdentifier.quoted(value.name))
    }
    var inner = "SELECT " + grouped.joined(separator: ", ") + " FROM " + source.text
    if !layout.keys.isEmpty {
      inner += " GROUP BY " + layout.keys.map(cell).joined(separator: ", ")
    } else if !layout.keepEmpty {
      // With no group keys an aggregate gives one row even over no cells; Kusto gives none.
      inner += " HAVING count(*) > 0"
    }
    let groups = nextAlias()
    let constants = ExpressionScope()
    let start = scalar(layout.start, constants)
    let step = scalar(layout.step, constants)
    let count = binNumber(
      scalar(layout.end, constants), from: start, by: step, type: layout.start.type, rounding: "ceil")
    let bins = nextAlias()
    let index = bins + ".i"
    // Kusto caps a series at 2^20 values.
    let series =
      " FROM generate_series(0, least(" + count.text + ", 1048576) - 1) AS " + bins + "(i))"
    func array(of element: String) -> String {
      "(SELECT coalesce(jsonb_agg(" + element + " ORDER BY " + index + "), '[]'::jsonb)" + series
    }
    var columns: [BlockColumn] = []
    for key in layout.keys {
      columns.append(
        BlockColumn(
          name: key, fragment: .atom(groups + "." + SQLIdentifier.quoted(key)), type: cellTypes[key] ?? .dynamic,
          isPlain: true, isSelfNamed: true))
    }
    for value in layout.values {
      let fallback = convert(
        scalar(value.defaultValue, constants), from: value.defaultValue.type, to: .dynamic,
        span: value.defaultValue.span)
      let element = Self.function(
        "coalesce", [.atom(groups + "." + SQLIdentifier.quoted(value.name) + " -> " + index + "::text"), fallback])
      columns.append(
        BlockColumn(name: value.name, fragment: .atom(array(of: element.text)), type: .dynamic, isPlain: false))
    }
    let offset = SQLFragment.binary(.atom(index), "*", step, .multiplicative)
    let axisValue = SQLFragment.binary(start, "+", offset, .additive)
    let axisJSON = convert(axisValue, from: layout.start.type, to: .dynamic, span: layout.start.span)
    columns.append(
      BlockColumn(name: layout.axisName, fragment: .atom(array(of: axisJSON.text)), type: .dynamic, isPlain: false))
    return SelectBlock(from: "(" + inner + ") AS " + groups, columns: columns)
  }

  /// `series_stats_dynamic`: Kusto's statistics of an array's numbers as a bag, or null (see
  /// ``ScalarFunction/seriesStats``).
  mutating func seriesStats(_ array: SQLFragment, ignoringNonFinite ignore: SQLFragment) -> SQLFragment {
    let elements = nextAlias()
    let numbers = nextAlias()
    let number = numbers + ".n"
    let position = elements + ".o - 1"
    func first(_ direction: String) -> String {
      "(array_agg(" + position + " ORDER BY " + number + direction + ", " + elements + ".o) FILTER (WHERE " + number
        + " IS NOT NULL))[1]"
    }
    let bag =
      "jsonb_build_object('min', min(" + number + "), 'min_idx', " + first("") + ", 'max', max(" + number
      + "), 'max_idx', " + first(" DESC") + ", 'avg', avg(" + number + "), 'stdev', stddev_samp(" + number
      + "), 'variance', var_samp(" + number + "))"
    let kept = "count(" + number + ") > 0 AND (" + ignore.text + " IS TRUE OR count(" + number + ") = count(*))"
    return .atom(
      "CASE WHEN jsonb_typeof(" + array.text + ") = 'array' THEN (SELECT CASE WHEN " + kept + " THEN " + bag
        + " END FROM jsonb_array_elements(" + array.text + ") WITH ORDINALITY AS " + elements
        + "(e, o), LATERAL (SELECT CASE WHEN jsonb_typeof(" + elements + ".e) = 'number' THEN (" + elements
        + ".e)::double precision END) AS " + numbers + "(n)) END")
  }
}
