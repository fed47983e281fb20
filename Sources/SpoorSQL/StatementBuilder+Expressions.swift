import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// The SQL of a scalar expression over `scope`.
  ///
  /// Unsupported constructs are reported and yield `NULL`.
  mutating func scalar(_ expression: ScalarExpression, _ scope: ExpressionScope) -> SQLFragment {
    let enclosingSpan = currentSpan
    if let span = expression.span { currentSpan = span }
    defer { currentSpan = enclosingSpan }
    switch expression.kind {
    case .column(let name):
      if let fragment = scope.column(name) { return fragment }
      report(SQLDiagnostics.unknownColumn(name, at: span(of: expression)))
      return .null
    case .joinColumn(let side, let name):
      if let fragment = (side == .left ? scope.left : scope.right)[name] { return fragment }
      report(SQLDiagnostics.unknownColumn(name, at: span(of: expression)))
      return .null
    case .literal(let value):
      return bind(value)
    case .call(let function, let arguments):
      return call(function, arguments, expression, scope)
    case .caseWhen(let clauses, let otherwise):
      var text = "CASE"
      for clause in clauses {
        text +=
          " WHEN " + scalar(clause.condition, scope).text + " THEN "
          + scalar(clause.value, scope).text
      }
      text += " ELSE " + scalar(otherwise, scope).text + " END"
      return .atom(text)
    case .scalarSubquery(let relation):
      let source = derivedSource(block(for: relation))
      guard let column = source.columns.first else { return .null }
      return .atom("(SELECT " + column.fragment.text + " FROM " + source.text + " LIMIT 1)")
    case .inSubquery(let value, let relation, let caseSensitive):
      let source = derivedSource(block(for: relation))
      guard let column = source.columns.first else { return .atom("false") }
      var subject = scalar(value, scope)
      var candidate = column.fragment
      if !caseSensitive {
        subject = .atom("lower(" + subject.text + ")")
        candidate = .atom("lower(" + candidate.text + ")")
      }
      return SQLFragment(
        subject.operand(.additive) + " IN (SELECT " + candidate.text + " FROM " + source.text + ")",
        .comparison)
    case .termsInSubquery(let value, let relation, let all, let caseSensitive):
      let source = derivedSource(block(for: relation))
      guard let column = source.columns.first else { return .atom(all ? "true" : "false") }
      var term = column.fragment
      if let type = relation.columns.first?.type, type != .string, type != .guid {
        term = convert(term, from: type, to: .string, span: expression.span)
      }
      let op = (caseSensitive ? " ~ " : " ~* ") + (all ? "ALL" : "ANY")
      return SQLFragment(
        text(of: value, scope).operand(.additive) + op + " (SELECT " + Self.runtimeTermPattern(term)
          + " FROM " + source.text + ")",
        .comparison)
    }
  }

  /// The SQL that builds, per row, the regex ``termPattern(_:guardStart:guardEnd:)`` builds for a constant: the
  /// term with every non-alphanumeric escaped (a backslash before one is that character in ARE), guarded by
  /// non-alphanumerics or the ends of the text on each side where the term itself starts or ends alphanumeric.
  static func runtimeTermPattern(_ term: SQLFragment) -> String {
    let text = term.operand(.atom)
    return "CASE WHEN " + text + " ~ '^[[:alnum:]]' THEN '(^|[^[:alnum:]])' ELSE '' END || regexp_replace("
      + text + ", '([^[:alnum:]])', '\\\\\\1', 'g') || CASE WHEN " + text
      + " ~ '[[:alnum:]]$' THEN '([^[:alnum:]]|$)' ELSE '' END"
  }

  /// The operands of a chain of `function` (`and`/`or`) calls, flattened without recursion so chains of
  /// thousands of terms cannot overflow the stack.
  func flatten(_ function: ScalarFunction, _ arguments: [ScalarExpression]) -> [ScalarExpression] {
    // Most chains are already flat (the XQL binder nests only when the source does): the arguments, uncopied.
    let nested = arguments.contains {
      if case .call(let inner, _) = $0.kind { return inner == function }
      return false
    }
    if !nested { return arguments }
    var result: [ScalarExpression] = []
    var stack = Array(arguments.reversed())
    while let next = stack.popLast() {
      if case .call(let inner, let innerArguments) = next.kind, inner == function {
        stack.append(contentsOf: innerArguments.reversed())
      } else {
        result.append(next)
      }
    }
    return result
  }

  /// Reports the diagnostic `make` builds for the expression's span and returns `NULL`.
  mutating func refuse(_ expression: ScalarExpression, _ make: (Span) -> Diagnostic) -> SQLFragment {
    report(make(span(of: expression)))
    return .null
  }

  /// Reports a computed argument that must be constant and returns `NULL`.
  mutating func nonConstant(_ name: String, _ argument: String, _ expression: ScalarExpression)
    -> SQLFragment
  {
    report(SQLDiagnostics.nonConstantArgument(name, argument: argument, at: span(of: expression)))
    return .null
  }

  /// `name(arg, …)` over already emitted arguments.
  static func function(_ name: String, _ arguments: [SQLFragment]) -> SQLFragment {
    if arguments.count == 1 { return .atom(SQLText.concat(name, "(", arguments[0].text, ")")) }
    return .atom(SQLText.concat(name, "(", arguments.map(\.text).joined(separator: ", "), ")"))
  }

  /// The SQL of a function call.
  mutating func call(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    switch function {
    case .and, .or:
      let operands = flatten(function, arguments)
      guard !operands.isEmpty else { return .atom(function == .and ? "true" : "false") }
      let precedence: SQLPrecedence = function == .and ? .and : .or
      let minimum: SQLPrecedence = function == .and ? .not : .and
      var parts: [String] = []
      parts.reserveCapacity(operands.count)
      for operand in operands { parts.append(scalar(operand, scope).operand(minimum)) }
      if parts.count == 1 { return SQLFragment(parts[0], minimum) }
      return SQLFragment(parts.joined(separator: function == .and ? " AND " : " OR "), precedence)
    case .not:
      return SQLFragment("NOT " + argument(arguments, 0, scope).operand(.comparison), .not)
    case .equal: return comparison(arguments, "=", scope)
    case .notEqual: return comparison(arguments, "<>", scope)
    case .less: return comparison(arguments, "<", scope)
    case .lessOrEqual: return comparison(arguments, "<=", scope)
    case .greater: return comparison(arguments, ">", scope)
    case .greaterOrEqual: return comparison(arguments, ">=", scope)
    case .notDistinctFrom: return comparison(arguments, "IS NOT DISTINCT FROM", scope)
    case .distinctFrom: return comparison(arguments, "IS DISTINCT FROM", scope)
    case .equalIgnoringCase:
      return .binary(lowered(arguments, 0, scope), "=", lowered(arguments, 1, scope), .comparison)
    case .notEqualIgnoringCase:
      let inequality = SQLFragment.binary(
        lowered(arguments, 0, scope), "<>", lowered(arguments, 1, scope), .comparison)
      return Self.function("coalesce", [inequality, .atom("true")])
    case .between:
      let value = argument(arguments, 0, scope)
      let low = argument(arguments, 1, scope)
      let high = argument(arguments, 2, scope)
      return SQLFragment(
        value.operand(.additive) + " BETWEEN " + low.operand(.additive) + " AND "
          + high.operand(.additive),
        .comparison)
    case .isNull:
      return SQLFragment(argument(arguments, 0, scope).operand(.additive) + " IS NULL", .comparison)
    case .isTrue:
      let operand = argument(arguments, 0, scope)
      // A test known to be null at emission (ipv4_is_in_range of an IPv6 range) is simply false.
      if operand.text == "NULL" || operand.text == "NULL::boolean" { return .atom("false") }
      return SQLFragment(operand.operand(.additive) + " IS TRUE", .comparison)
    case .isNotNull:
      return SQLFragment(
        argument(arguments, 0, scope).operand(.additive) + " IS NOT NULL", .comparison)
    case .add, .subtract, .multiply, .divide, .modulo, .negate:
      return arithmetic(function, arguments, expression, scope)
    case .ieeePower, .ieeeExponential, .greatestOf, .leastOf, .squareRoot, .naturalLog, .log10, .log2, .ceiling, .sign,
      .pi, .random, .degrees, .radians,
      .sine, .cosine, .tangent, .cotangent, .arcsine, .arccosine, .arctangent, .arctangent2, .isNaN, .isInfinite,
      .isFinite:
      return mathFunction(function, arguments, expression, scope)
    case .absolute:
      return Self.function("abs", [argument(arguments, 0, scope)])
    // `&`, `|`, `#` and the shifts are PostgreSQL's "any other operator" precedence, which `||` shares.
    case .bitAnd: return .binary(long(arguments, 0, scope), "&", long(arguments, 1, scope), .concat)
    case .bitOr: return .binary(long(arguments, 0, scope), "|", long(arguments, 1, scope), .concat)
    case .bitXor: return .binary(long(arguments, 0, scope), "#", long(arguments, 1, scope), .concat)
    case .bitNot: return .atom("(~" + long(arguments, 0, scope).text + ")")
    case .shiftLeft, .shiftRight:
      // PostgreSQL's shift of a bigint by 64 or more is the C shift, undefined; .NET masks the count to 6 bits.
      let count = SQLFragment.binary(long(arguments, 1, scope), "&", .atom("63"), .concat)
      return .binary(
        long(arguments, 0, scope), function == .shiftLeft ? "<<" : ">>",
        .atom("(" + count.text + ")::integer"), .concat)
    case .round:
      // numeric rounding is half away from zero, as Kusto's; the result keeps the plan's type.
      let digits =
        arguments.count > 1 ? argument(arguments, 1, scope).cast("integer") : SQLFragment.atom("0")
      let rounded = Self.function("round", [argument(arguments, 0, scope).cast("numeric"), digits])
      return rounded.cast(Self.shortTypeName(expression.type))
    case .contains, .startsWith, .endsWith, .hasTerm, .hasPrefix, .hasSuffix, .matchesRegex,
      .wildcardMatch,
      .inList, .hasAny, .hasAll:
      return stringPredicate(function, arguments, expression, scope)
    case .lower, .upper, .length, .substring, .concat, .concatWithDelimiter, .split, .replaceString,
      .replaceRegex,
      .extractRegex, .extractAllRegex, .trimRegex, .trimStartRegex, .trimEndRegex, .indexOf,
      .countOf, .isEmpty,
      .isNotEmpty, .coalesce, .base64DecodeToString, .base64DecodeToArray, .hashSHA256, .toHex, .indexOfRange,
      .byteLength,
      .hashMD5, .hashSHA1, .base64EncodeFromString, .reverse, .isASCII, .regexQuote, .indexOfRegex, .newGUID:
      return stringFunction(function, arguments, expression, scope)
    case .toString:
      // Kusto strings are never null: tostring(null) is "".
      guard let source = arguments.first else { return .null }
      let text = convert(
        scalar(source, scope), from: source.type, to: .string, span: expression.span)
      return source.type == .string ? text : Self.function("coalesce", [text, .atom("''")])
    case .toBool, .toInt, .toLong, .toReal, .toDatetime, .toTimespan, .toDynamic:
      guard let source = arguments.first else { return .null }
      return convert(
        scalar(source, scope), from: source.type, to: expression.type, span: expression.span,
        literal: source.kind)
    case .now, .bin, .binNumber, .startOfDay, .startOfWeek, .startOfMonth, .startOfYear, .endOfDay,
      .datetimeDiff, .datetimeAdd,
      .formatDatetime, .formatTimespan, .utcToLocal, .localToUTC, .dayOfWeek, .hourOfDay, .dayOfMonth, .getYear,
      .getMonth,
      .dayOfYear, .weekOfYear, .endOfWeek, .endOfMonth, .endOfYear, .datetimePart,
      .unixTimeMilliseconds, .unixTime, .parseDatetimeFormat,
      .fromUnixTimeMilliseconds:
      return timeFunction(function, arguments, expression, scope)
    case .memberAccess, .memberText, .mergeObjects, .indexAccess, .arrayLength, .bagKeys, .packArray, .bagPack,
      .arrayConcat, .setUnion, .setIntersect, .setDifference, .extractJSON, .dynamicTypeName, .fileProfile,
      .arraySlice, .arrayIndexOf, .strcatArray, .bagHasKey, .arrayReverse, .arraySum, .bagMerge,
      .jsonExtract, .jsonExtractScalar, .jsonExtractArray, .inArray, .termsInArray, .bagRemoveKeys,
      .bagWithoutNullOrEmpty:
      return dynamicFunction(function, arguments, expression, scope)
    case .seriesStats:
      return seriesStats(argument(arguments, 0, scope), ignoringNonFinite: argument(arguments, 1, scope))
    case .seriesStatistic:
      return SQLFragment(
        argument(arguments, 0, scope).operand(.additive) + " ->> " + argument(arguments, 1, scope).operand(.additive),
        .concat
      ).cast(Self.shortTypeName(expression.type))
    case .parsePath, .parseURL, .parseCommandLine, .parseCSV, .parseURLQuery:
      return parsingFunction(function, arguments, expression, scope)
    case .ipCompare(let width):
      let prefix = arguments.count > 2 ? long(arguments, 2, scope) : SQLFragment.atom(String(width))
      return Self.function(
        "spoor.kql_ip_compare",
        [text(of: arguments[0], scope), text(of: arguments[1], scope), prefix, .atom(String(width))])
    case .urlEncode(let component):
      return Self.function(
        "spoor.kql_url_encode", [text(of: arguments[0], scope), .atom(component ? "true" : "false")])
    case .makeTimespan:
      let parts = (0..<3).map { long(arguments, $0, scope) } + [argument(arguments, 3, scope).cast("double precision")]
      return Self.function("spoor.kql_make_timespan", parts)
    case .makeDatetime:
      var parts = (0..<5).map { index in index < arguments.count ? long(arguments, index, scope) : .atom("0") }
      parts.append(arguments.count > 5 ? argument(arguments, 5, scope).cast("double precision") : .atom("0"))
      return Self.function("spoor.kql_make_datetime", parts)
    case .bitCount, .repeatString, .translateCharacters, .repeatValue, .zipArrays, .jaccardIndex, .utf8Bytes,
      .codePoints, .codePointsToString:
      return elementwiseFunction(function, arguments, expression, scope)
    case .stringCompare, .arrayRotate, .arrayShift, .arrayIff, .bagSetKey:
      return arrayFunction(function, arguments, expression, scope)
    case .ipv4IsPrivate, .ipv4IsInRange, .inCIDR, .geoInfoFromIP, .ipv4IsInAnyRange, .parseIPv4,
      .hasIPv4, .hasIPv4Prefix, .formatIPv4, .parseIPv4Mask, .ipv4NetmaskSuffix:
      return networkFunction(function, arguments, expression, scope)
    case .isIPv4, .isIPv6, .power, .arrayCreate, .objectCreate, .jsonText, .arrayJoin, .arrayFlatten, .arrayMap,
      .arrayFilter, .arrayAny, .arrayAll,
      .arrayFirstIndex:
      return xqlArrayFunction(function, arguments, expression, scope)
    }
  }

  /// The SQL of argument `index`, or `NULL` when the plan has fewer arguments.
  mutating func argument(_ arguments: [ScalarExpression], _ index: Int, _ scope: ExpressionScope)
    -> SQLFragment
  {
    index < arguments.count ? scalar(arguments[index], scope) : .null
  }

  /// Argument `index` as text (``text(of:_:)``), or `NULL` when the plan has fewer arguments.
  mutating func textArgument(_ arguments: [ScalarExpression], _ index: Int, _ scope: ExpressionScope)
    -> SQLFragment
  {
    index < arguments.count ? text(of: arguments[index], scope) : .null
  }

  /// Argument `index` as a bigint (the bitwise functions take and give Kusto longs).
  mutating func long(_ arguments: [ScalarExpression], _ index: Int, _ scope: ExpressionScope) -> SQLFragment {
    let fragment = argument(arguments, index, scope)
    return index < arguments.count && arguments[index].type == .long ? fragment : fragment.cast("bigint")
  }

  /// `lower(argument)`; a string literal is lowered in Swift and bound as is.
  mutating func lowered(_ arguments: [ScalarExpression], _ index: Int, _ scope: ExpressionScope)
    -> SQLFragment
  {
    guard index < arguments.count else { return .null }
    if case .literal(.string(let text)) = arguments[index].kind {
      return bind(.string(text.lowercased()))
    }
    return .atom(SQLText.concat("lower(", text(of: arguments[index], scope).text, ")"))
  }

  private mutating func comparison(
    _ arguments: [ScalarExpression], _ op: String, _ scope: ExpressionScope
  ) -> SQLFragment {
    .binary(argument(arguments, 0, scope), op, argument(arguments, 1, scope), .comparison)
  }

  private mutating func arithmetic(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    if function == .negate {
      return SQLFragment("-" + argument(arguments, 0, scope).operand(.atom), .unary)
    }
    let left = argument(arguments, 0, scope)
    let right = argument(arguments, 1, scope)
    let leftType = arguments.first?.type
    let rightType = arguments.count > 1 ? arguments[1].type : nil
    switch function {
    case .add: return .binary(left, "+", right, .additive)
    case .subtract: return .binary(left, "-", right, .additive)
    case .multiply: return .binary(left, "*", right, .multiplicative)
    case .divide:
      if leftType == .timespan, rightType == .timespan {
        let ratio = SQLFragment.binary(
          .atom("extract(epoch FROM " + left.text + ")"), "/",
          .atom("extract(epoch FROM " + right.text + ")"),
          .multiplicative)
        return ratio.cast("double precision")
      }
      if let leftType, let rightType, leftType.isNumeric, rightType.isNumeric, leftType != .real,
        rightType != .real
      {
        // Integer division by zero is an error in PostgreSQL; Kusto yields null.
        return .binary(left, "/", Self.function("nullif", [right, .atom("0")]), .multiplicative)
      }
      if leftType == .real || rightType == .real, leftType?.isNumeric == true,
        rightType?.isNumeric == true
      {
        // PostgreSQL raises on a zero divisor; Kusto's reals give ±infinity or NaN.
        let divisor = right.operand(.additive)
        let dividend = left.operand(.additive)
        return .atom(
          "CASE WHEN " + divisor + " IS NULL THEN NULL WHEN " + divisor + " <> 0 THEN "
            + SQLFragment.binary(left, "/", right, .multiplicative).text + " WHEN " + dividend
            + " > 0 THEN 'Infinity'::double precision WHEN " + dividend
            + " < 0 THEN '-Infinity'::double precision WHEN "
            + dividend + " = 0 THEN 'NaN'::double precision END")
      }
      return .binary(left, "/", right, .multiplicative)
    default:
      return .binary(left, "%", Self.function("nullif", [right, .atom("0")]), .multiplicative)
    }
  }
}
