import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// `mv-expand`: one row per array element or bag entry (rows whose array or bag is empty give none).
  mutating func bindMvExpand(
    _ items: [MvExpandItem], indexName: Identifier?, input: BoundTable, scope: Scope, span: Span
  ) -> Relation? {
    guard items.count == 1, let item = items.first else {
      report(KQLDiagnostics.unsupported("mv-expand of several columns at once", at: span))
      return nil
    }
    guard let value = bindScalar(item.assignment.value, in: scope) else { return nil }
    guard value.type == .dynamic else {
      report(
        KQLDiagnostics.typeMismatch(
          "mv-expand needs a dynamic array or bag, not \(value.type.rawValue)",
          at: item.assignment.value.span))
      return nil
    }
    var elementType = DataType.dynamic
    if let typeName = item.typeName {
      guard let type = DataType(kqlName: typeName.name) else {
        report(KQLDiagnostics.invalidLiteral("unknown type '\(typeName.name)'", at: typeName.span))
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

  /// `parse` / `parse-where`: the pattern becomes one anchored regular expression; each column is a capture
  /// group extracted (and converted to its declared type). `parse-where` drops rows that do not match.
  mutating func bindParse(_ clause: ParseClause, input: BoundTable, scope: Scope, span: Span)
    -> Relation?
  {
    guard let value = bindScalar(clause.value, in: scope) else { return nil }
    let subject = asString(value)
    var pattern = clause.isRegex ? "" : "^"
    var captures: [(Identifier, DataType)] = []
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
              KQLDiagnostics.invalidLiteral("unknown type '\(typeName.name)'", at: typeName.span))
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
        KQLDiagnostics.typeMismatch("parse needs at least one column in its pattern", at: span))
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
      if type != .string {
        let conversion: ScalarFunction
        switch type {
        case .int: conversion = .toInt
        case .long: conversion = .toLong
        case .real: conversion = .toReal
        case .bool: conversion = .toBool
        case .datetime: conversion = .toDatetime
        case .timespan: conversion = .toTimespan
        case .dynamic: conversion = .toDynamic
        case .string, .guid: conversion = .toString
        }
        extracted = call(conversion, [extracted], type, name.span)
      }
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
