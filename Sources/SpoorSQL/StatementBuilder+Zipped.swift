import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

/// The `FROM` item listing one row's zipped elements, and the SQL of each element column and of the index.
struct ZippedElements {
  /// `ROWS FROM (jsonb_array_elements(…), …) WITH ORDINALITY AS "t3"("v1", …, "ordinality")`.
  var fromItem: String
  /// The element columns, converted to their element types.
  var columns: [BlockColumn]
  /// The 0-based position column, when the expansion names one.
  var index: BlockColumn?
  /// `"t3"."ordinality" <= $n`, when the expansion has a row limit.
  var limitTerm: SQLFragment?
}

extension StatementBuilder {
  /// `mv-expand a, b`: the input joined laterally with its zipped elements, each source column replaced by its
  /// element.
  mutating func zipExpandBlock(_ input: Relation, _ expansion: ZippedExpansion) -> SelectBlock {
    let source = derivedSource(block(for: input))
    guard let elements = zippedElements(expansion, of: source.columns) else {
      return SelectBlock(from: source.text, columns: source.columns)
    }
    var columns = source.columns
    for (column, element) in zip(expansion.columns, elements.columns) {
      if let position = columns.firstIndex(where: { $0.name == column.source }) {
        columns[position] = element
      }
    }
    if let index = elements.index { columns.append(index) }
    return SelectBlock(
      from: source.text + " CROSS JOIN LATERAL " + elements.fromItem, columns: columns,
      whereTerms: elements.limitTerm.map { [$0] } ?? [])
  }

  /// `mv-apply`: the input joined laterally with its subquery, whose leaf lists the row's zipped elements.
  mutating func applyBlock(_ input: Relation, _ expansion: ZippedExpansion, subquery: Relation)
    -> SelectBlock
  {
    let source = derivedSource(block(for: input))
    guard let elements = zippedElements(expansion, of: source.columns) else {
      return SelectBlock(from: source.text, columns: source.columns)
    }
    let enclosing = appliedElements
    appliedElements = SelectBlock(
      from: elements.fromItem, columns: elements.columns + (elements.index.map { [$0] } ?? []),
      whereTerms: elements.limitTerm.map { [$0] } ?? [])
    let inner = block(for: subquery)
    appliedElements = enclosing
    let alias = nextAlias()
    let kept = source.columns.filter { column in
      !expansion.columns.contains { $0.source == column.name }
    }
    let computed = inner.columns.map {
      BlockColumn(
        name: $0.name, fragment: .atom(alias + "." + SQLIdentifier.quoted($0.name)), type: $0.type,
        isPlain: true, isSelfNamed: true)
    }
    return SelectBlock(
      from: source.text + " CROSS JOIN LATERAL (" + inner.render() + ") AS " + alias,
      columns: kept + computed)
  }

  /// The leaf of an `apply` subquery: the current row's elements.
  mutating func appliedElementsBlock(_ expansion: ZippedExpansion) -> SelectBlock {
    guard let block = appliedElements else {
      report(SQLDiagnostics.unknownColumn(expansion.columns.first?.name ?? "", at: Span.at(0)))
      return SelectBlock(from: "(SELECT) AS " + nextAlias(), columns: [])
    }
    return block
  }

  /// One row per position of the longest element list, each list padded with null: arrays list their
  /// elements, bags their entries as one-entry bags (or `[key, value]` arrays), other values (null included)
  /// themselves.
  private mutating func zippedElements(_ expansion: ZippedExpansion, of columns: [BlockColumn])
    -> ZippedElements?
  {
    let alias = nextAlias()
    var calls: [String] = []
    var names: [String] = []
    var elements: [BlockColumn] = []
    var isContainer: [String] = []
    for (position, column) in expansion.columns.enumerated() {
      guard let source = columns.first(where: { $0.name == column.source }) else {
        report(SQLDiagnostics.unknownColumn(column.source, at: Span.at(0)))
        return nil
      }
      let value = source.fragment.text
      let entries = nextAlias()
      let entry = expansion.bagsAsArrays ? "jsonb_build_array(" : "jsonb_build_object("
      let list =
        "CASE jsonb_typeof(\(value)) WHEN 'array' THEN \(value) WHEN 'object' THEN (SELECT"
        + " jsonb_agg(\(entry)\(entries).\"key\", \(entries).\"value\") ORDER BY \(entries).\"ordinality\")"
        + " FROM jsonb_each(\(value)) WITH ORDINALITY AS \(entries)(\"key\", \"value\", \"ordinality\"))"
        + " ELSE jsonb_build_array(\(value)) END"
      calls.append("jsonb_array_elements(" + list + ")")
      let name = SQLIdentifier.quoted("v\(position + 1)")
      names.append(name)
      isContainer.append("jsonb_typeof(\(value)) IN ('array', 'object')")
      // A JSON null element (or padding) is Kusto's dynamic null.
      let element = SQLFragment.atom("nullif(\(alias).\(name), 'null'::jsonb)")
      elements.append(
        BlockColumn(
          name: column.name,
          fragment: convert(element, from: .dynamic, to: column.elementType, span: nil),
          type: column.elementType, isPlain: false))
    }
    let fromItem =
      "ROWS FROM (" + calls.joined(separator: ", ") + ") WITH ORDINALITY AS " + alias + "("
      + names.joined(separator: ", ") + ", \"ordinality\")"
    let index = expansion.indexColumn.map {
      BlockColumn(
        name: $0,
        fragment: .atom(
          "CASE WHEN " + isContainer.joined(separator: " OR ") + " THEN " + alias
            + ".\"ordinality\" - 1 END"),
        type: .long, isPlain: false)
    }
    let limitTerm = expansion.rowLimit.map {
      SQLFragment(alias + ".\"ordinality\" <= " + bind(.long($0)).text, .comparison)
    }
    return ZippedElements(fromItem: fromItem, columns: elements, index: index, limitTerm: limitTerm)
  }
}
