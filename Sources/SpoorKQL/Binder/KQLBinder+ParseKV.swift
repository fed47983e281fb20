import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// `parse-kv value as (Key:type, …) with (pair_delimiter=P, kv_delimiter=V)`: the input, then one column per
  /// key, as Kusto's parse-kv page describes the specified-delimiter mode.
  ///
  /// A pair ends at the next pair delimiter (the non-greedy mode), and its key is the text before its first key
  /// delimiter; leading and trailing whitespace of keys and values is ignored; the first pair with the key wins;
  /// a key that no pair names gives an empty string, or null for other types. Each key becomes one regular
  /// expression over the text: the key at the start of the text or after a pair delimiter, the key delimiter,
  /// then the value up to the next pair delimiter, trimmed. The modes the page leaves open are refused: no
  /// delimiters (which characters delimit), `regex` (per-key matching), `quote`/`escape` and `greedy` (how
  /// quotes and keys are recognised inside values), and a pair delimiter of several characters.
  mutating func bindParseKV(_ clause: KQLParseKVClause, input: BoundTable, scope: Scope, span: Span) -> Relation? {
    guard let options = clause.options else {
      report(
        KQLDiagnostics.parseKVMode(
          "without delimiters",
          reason: "Kusto's documentation says any non-alphanumeric character may delimit, not which ones end a key "
            + "or a value; write with (pair_delimiter=…, kv_delimiter=…)", at: span))
      return nil
    }
    var delimiters: [String: String] = [:]
    for option in options {
      let nameSpan = option.name?.span ?? option.value.span
      let name = option.name?.name ?? ""
      switch name {
      case "pair_delimiter", "kv_delimiter":
        guard case .literal(.string(let text)) = option.value.kind, !text.isEmpty else {
          report(KQLDiagnostics.parseKVDelimiter(name, at: option.value.span))
          return nil
        }
        delimiters[name] = text
      case "greedy" where option.value.kind == .literal(.bool(false)):
        continue
      case "greedy", "quote", "escape", "regex":
        let reason =
          name == "regex"
          ? "the page does not say how a match whose key is not listed affects the next one"
          : "the page does not say how quotes, escapes or, in greedy mode, the next key are recognised inside a value"
        report(KQLDiagnostics.parseKVMode("with \(name)", reason: reason, at: nameSpan))
        return nil
      default:
        report(KQLDiagnostics.parseKVOption(name, at: nameSpan))
        return nil
      }
    }
    guard let pair = delimiters["pair_delimiter"], let separator = delimiters["kv_delimiter"] else {
      report(
        KQLDiagnostics.parseKVDelimiter(
          delimiters["pair_delimiter"] == nil ? "pair_delimiter" : "kv_delimiter", at: span))
      return nil
    }
    guard pair.count == 1, pair != separator else {
      report(
        KQLDiagnostics.parseKVMode(
          pair == separator ? "with one delimiter for pairs and keys" : "with a pair_delimiter of several characters",
          reason: "where such a pair ends is not documented", at: span))
      return nil
    }
    guard !clause.keys.isEmpty else {
      report(KQLDiagnostics.parseKVWithoutKeys(at: span))
      return nil
    }
    guard let value = bindScalar(clause.value, in: scope) else { return nil }
    guard let relation = input.relation, let columns = input.columns else { return nil }
    let subject = asString(value)
    // ASCII whitespace as escapes, which RE2 and PostgreSQL read alike, inside brackets too.
    let space = #" \t\n\r\v\f"#
    let pairClass = Self.bracketEscaped(pair)
    var outputs = columns.map(Self.passThrough)
    for key in clause.keys {
      guard let type = DataType(kqlName: key.typeName.name) else {
        report(KQLDiagnostics.unknownType(key.typeName.name, at: key.typeName.span))
        return nil
      }
      let pattern =
        "(?:^|" + Self.regexEscaped(pair) + ")[" + space + "]*" + Self.regexEscaped(key.name.name) + "[" + space
        + "]*" + Self.regexEscaped(separator) + "[" + space + "]*([^" + pairClass + "]*[^" + pairClass + space + "])?"
      let regex = ScalarExpression.literal(.string(pattern), span: key.name.span)
      var extracted = call(.extractRegex, [regex, .literal(.long(1)), subject], .string, key.name.span)
      if type != .string { extracted = convertedText(extracted, to: type, key.name.span) }
      if let position = outputs.firstIndex(where: { $0.name == key.name.name }) {
        outputs[position].expression = extracted
      } else {
        outputs.append(NamedExpression(name: key.name.name, expression: extracted))
      }
    }
    return .project(relation, outputs)
  }

  /// Text converted to a declared column type, as `parse` converts its typed columns.
  func convertedText(_ text: ScalarExpression, to type: DataType, _ span: Span) -> ScalarExpression {
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
    return call(conversion, [text], type, span)
  }

  /// A character escaped for use inside an RE2 bracket expression.
  static func bracketEscaped(_ text: String) -> String {
    text.map { "\\]^-[".contains($0) ? "\\" + String($0) : String($0) }.joined()
  }
}
