import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// `regex_quote`, `indexof_regex`, `parse_csv` and `parse_urlquery`, as their Kusto documentation defines them;
  /// called by ``bindBuiltIn(_:_:syntaxArguments:name:span:)`` with arguments already counted and bound.
  mutating func bindTextFunction(
    _ function: String, _ arguments: [ScalarExpression], name: KQLIdentifier, span: Span
  ) -> ScalarExpression? {
    switch function {
    case "regex_quote":
      return call(.regexQuote, [asString(arguments[0])], .string, span)
    case "indexof_regex":
      return indexOfRegex(arguments, span: span)
    case "parse_csv":
      return call(.parseCSV, [asString(arguments[0])], .dynamic, span)
    case "parse_urlquery":
      return call(.parseURLQuery, [asString(arguments[0])], .dynamic, span)
    default:
      report(KQLDiagnostics.functionWithoutCase(function, at: name.span))
      return nil
    }
  }

  /// `indexof_regex(source, regex [, start [, length [, occurrence]]])` with its defaults (0, -1, 1) filled in: the
  /// pattern and the occurrence must be constants; a negative occurrence gives null, as Kusto documents, and 0,
  /// which it does not define, is refused.
  private mutating func indexOfRegex(_ arguments: [ScalarExpression], span: Span) -> ScalarExpression? {
    guard expectConstantString(arguments[1], "the regular expression of indexof_regex", span) else { return nil }
    for argument in arguments.dropFirst(2) {
      guard expectType(argument, [.int, .long], "indexof_regex's start, length and occurrence", span) else {
        return nil
      }
    }
    var occurrence: Int64 = 1
    if arguments.count == 5 {
      guard let value = Self.integerConstant(arguments[4]) else {
        report(KQLDiagnostics.expectedConstant("the occurrence of indexof_regex", at: arguments[4].span ?? span))
        return nil
      }
      guard value != 0 else {
        report(KQLDiagnostics.indexofRegexOccurrenceZero(at: arguments[4].span ?? span))
        return nil
      }
      guard value > 0 else { return .literal(.null(.long), span: span) }
      occurrence = value
    }
    // A start of 0 and a length of -1 (written or by default) search the whole text: the plan spells them as
    // literals so the emitter can tell.
    func canonical(_ index: Int, _ fallback: Int64) -> ScalarExpression {
      guard index < arguments.count else { return .literal(.long(fallback), span: span) }
      if let value = Self.integerConstant(arguments[index]) {
        return .literal(.long(value), span: arguments[index].span)
      }
      return arguments[index]
    }
    let bound = [
      asString(arguments[0]), arguments[1], canonical(2, 0), canonical(3, -1),
      .literal(.long(occurrence), span: arguments.count == 5 ? arguments[4].span : span),
    ]
    return call(.indexOfRegex, bound, .long, span)
  }

  /// The value of an integer constant: a literal, or a negated one (`-1`).
  static func integerConstant(_ value: ScalarExpression) -> Int64? {
    switch value.kind {
    case .literal(.long(let number)): return number
    case .call(.negate, let operands):
      guard operands.count == 1, case .literal(.long(let number)) = operands[0].kind, number != .min else {
        return nil
      }
      return -number
    default: return nil
    }
  }
}
