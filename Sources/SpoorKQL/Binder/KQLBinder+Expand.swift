import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// `mv-expand`: one row per array element or bag entry (rows whose array or bag is empty give none).
  mutating func bindMvExpand(
    _ items: [KQLMvExpandItem], indexName: KQLIdentifier?, rowLimit: KQLExpression?, bagsAsArrays: Bool,
    input: BoundTable, scope: Scope, span: Span
  ) -> Relation? {
    guard items.count == 1, rowLimit == nil, !bagsAsArrays, let item = items.first else {
      guard
        let (relation, zipped) = bindZipped(
          items, indexName: indexName, rowLimit: rowLimit, input: input, scope: scope)
      else { return nil }
      var expansion = zipped
      expansion.bagsAsArrays = bagsAsArrays
      return .zipExpand(relation, expansion)
    }
    guard let value = bindScalar(item.assignment.value, in: scope) else { return nil }
    guard value.type == .dynamic else {
      report(
        KQLDiagnostics.expandType("mv-expand", value.type, at: item.assignment.value.span))
      return nil
    }
    var elementType = DataType.dynamic
    if let typeName = item.typeName {
      guard let type = DataType(kqlName: typeName.name) else {
        report(KQLDiagnostics.unknownType(typeName.name, at: typeName.span))
        return nil
      }
      elementType = type
    }
    guard var relation = input.relation, let columns = input.columns else { return nil }
    let name = item.assignment.name?.name ?? Self.defaultName(item.assignment.value) ?? "Column1"
    // A computed array is first added as a column of its own name.
    if case .column(let existing) = value.kind, existing == name {
    } else {
      var outputs = columns.map(Self.passThrough)
      if let position = outputs.firstIndex(where: { $0.name == name }) {
        outputs[position].expression = value
      } else {
        outputs.append(NamedExpression(name: name, expression: value))
      }
      relation = .project(relation, outputs)
    }
    // Kusto expands arrays and bags (an empty one gives no row; a bag gives one-entry bags) and keeps rows whose
    // value is neither as they are: arrays and the rest are planned apart and unioned.
    let column = ScalarExpression.column(name, .dynamic)
    let length = call(.arrayLength, [column], .long, span)
    func expansion(_ kind: Expansion.Kind) -> Expansion {
      Expansion(
        column: name, kind: kind, elementType: elementType, indexColumn: indexName?.name,
        keepEmpty: false)
    }
    let arrays = Relation.expand(
      .filter(relation, call(.isNotNull, [length], .bool, span)), expansion(.array))
    let others = Relation.expand(
      .filter(relation, call(.isNull, [length], .bool, span)), expansion(.bag))
    return .union([arrays, others])
  }

  /// The items of a multi-column `mv-expand` or of `mv-apply`, bound.
  ///
  /// Returns the input with each computed array added as a column, and the expansion of those columns. For `mv-expand` (`keepSources == true`) each array sits in a
  /// column of its element's name; for `mv-apply` a column reference stays where it is (the apply drops it) and
  /// a computed array gets a hidden column.
  mutating func bindZipped(
    _ items: [KQLMvExpandItem], indexName: KQLIdentifier?, rowLimit: KQLExpression?, input: BoundTable, scope: Scope,
    forApply: Bool = false
  ) -> (Relation, ZippedExpansion)? {
    var limit: Int64?
    if let rowLimit {
      guard let count = constantCount(rowLimit, scope: scope) else { return nil }
      limit = count
    }
    guard var relation = input.relation, let columns = input.columns else { return nil }
    var outputs = columns.map(Self.passThrough)
    var expanded: [ZippedExpansion.Column] = []
    var failed = false
    var unnamed = 0
    for item in items {
      guard let value = bindScalar(item.assignment.value, in: scope) else {
        failed = true
        continue
      }
      guard value.type == .dynamic else {
        report(
          KQLDiagnostics.expandType(
            forApply ? "mv-apply" : "mv-expand", value.type, at: item.assignment.value.span))
        failed = true
        continue
      }
      var elementType = DataType.dynamic
      if let typeName = item.typeName {
        guard let type = DataType(kqlName: typeName.name) else {
          report(KQLDiagnostics.unknownType(typeName.name, at: typeName.span))
          failed = true
          continue
        }
        elementType = type
      }
      let defaultName = Self.defaultName(item.assignment.value)
      let name =
        item.assignment.name?.name ?? defaultName
        ?? {
          unnamed += 1
          return "Column\(unnamed)"
        }()
      var source = name
      if case .column(let existing) = value.kind, existing == name || forApply {
        source = existing
      } else if forApply {
        source = "__apply_source\(expanded.count + 1)"
        outputs.append(NamedExpression(name: source, expression: value))
      } else if let position = outputs.firstIndex(where: { $0.name == name }) {
        outputs[position].expression = value
      } else {
        outputs.append(NamedExpression(name: name, expression: value))
      }
      expanded.append(ZippedExpansion.Column(source: source, name: name, elementType: elementType))
    }
    guard !failed else { return nil }
    if outputs != columns.map(Self.passThrough) { relation = .project(relation, outputs) }
    return (relation, ZippedExpansion(columns: expanded, indexColumn: indexName?.name, rowLimit: limit))
  }

  /// The name of an operator a `mv-apply` subquery cannot hold, or nil when it has a per-row meaning.
  ///
  /// Nil means a lateral subquery per row computes exactly what Kusto's per-row subtable does. A `join`, `lookup` or `union` with another table is exact too:
  /// the lateral subquery joins (or appends) that table to the one row's elements.
  static func rejectedInApply(_ kind: KQLOperatorNode.Kind) -> String? {
    switch kind {
    case .where, .project, .extend, .projectAway, .projectKeep, .projectRename, .projectReorder, .sort,
      .top, .take, .sample, .sampleDistinct, .distinct, .count, .summarize, .serialize, .mvExpand, .parse, .parseKV,
      .join,
      .lookup, .union:
      return nil
    default: return kind.keyword
    }
  }

  /// `mv-apply items on (operators)`: per input row, the operators over that row's zipped elements (and index);
  /// the result is the row's other columns beside each row the operators return.
  mutating func bindMvApply(
    _ items: [KQLMvExpandItem], indexName: KQLIdentifier?, rowLimit: KQLExpression?, body: [KQLOperatorNode],
    input: BoundTable, scope: Scope, lets: [String: LetBinding], span: Span
  ) -> Relation? {
    for node in body {
      if let name = Self.rejectedInApply(node.kind) {
        report(KQLDiagnostics.insideMvApply(name, at: node.keywordSpan))
        return nil
      }
    }
    guard
      let (relation, expansion) = bindZipped(
        items, indexName: indexName, rowLimit: rowLimit, input: input, scope: scope, forApply: true)
    else { return nil }
    var table = BoundTable(relation: .appliedElements(expansion), description: "the mv-apply subtable")
    for node in body { table = apply(node, to: table, lets: lets) }
    guard let subquery = table.relation else { return nil }
    return .apply(relation, expansion, subquery: subquery)
  }

  /// `parse` / `parse-where`: the pattern becomes one anchored regular expression.
  ///
  /// Each column is a capture group extracted (and converted to its declared type). `parse-where` drops rows that do not match.
  mutating func bindParse(_ clause: KQLParseClause, input: BoundTable, scope: Scope, span: Span)
    -> Relation?
  {
    guard let value = bindScalar(clause.value, in: scope) else { return nil }
    let subject = asString(value)
    var pattern = clause.isRegex ? "" : "^"
    var captures: [(KQLIdentifier, DataType)] = []
    for (index, part) in clause.parts.enumerated() {
      let isLast = index == clause.parts.count - 1
      switch part {
      case .text(let text):
        pattern += clause.isRegex ? text : Self.regexEscaped(text)
      case .wildcard:
        pattern += isLast ? "" : ".*?"
      case .column(let name, let typeName):
        var type = DataType.string
        if let typeName {
          guard let declared = DataType(kqlName: typeName.name) else {
            report(
              KQLDiagnostics.unknownType(typeName.name, at: typeName.span))
            return nil
          }
          type = declared
        }
        if clause.isRegex {
          pattern += "(.*?)"
        } else {
          // A trailing column takes the rest of the text: a lazy group anchored with `$`, so every quantifier of
          // the pattern is lazy (PostgreSQL gives a whole expression the greediness of its first quantifier).
          pattern += isLast ? "(.*?)$" : "(.*?)"
        }
        captures.append((name, type))
      }
    }
    guard !captures.isEmpty else {
      report(
        KQLDiagnostics.parseWithoutColumns(at: span))
      return nil
    }
    guard var relation = input.relation, let columns = input.columns else { return nil }
    let regex = ScalarExpression.literal(.string("(?s)" + pattern), span: span)
    if clause.dropsUnmatched {
      relation = .filter(
        relation, call(.matchesRegex(caseSensitive: true), [subject, regex], .bool, span))
    }
    var outputs = columns.map(Self.passThrough)
    for (group, (name, type)) in captures.enumerated() {
      var extracted = call(
        .extractRegex, [regex, .literal(.long(Int64(group + 1))), subject], .string, name.span)
      if type != .string { extracted = convertedText(extracted, to: type, name.span) }
      if let position = outputs.firstIndex(where: { $0.name == name.name }) {
        outputs[position].expression = extracted
      } else {
        outputs.append(NamedExpression(name: name.name, expression: extracted))
      }
    }
    return .project(relation, outputs)
  }

  /// Text escaped for use as a literal inside an RE2 pattern.
  static func regexEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
      if "\\.^$|?*+()[]{}".contains(character) { result.append("\\") }
      result.append(character)
    }
    return result
  }
}
