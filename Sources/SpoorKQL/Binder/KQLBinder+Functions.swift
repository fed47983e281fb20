import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

extension KQLBinder {
  /// Aggregate function names (current and deprecated), valid only in `summarize`.
  static let aggregateNames: Set<String> = [
    "count", "countif", "dcount", "dcountif", "sum", "sumif", "min", "max", "minif", "maxif", "avg",
    "avgif",
    "make_set", "make_set_if", "makeset", "make_list", "make_list_if", "makelist", "make_bag",
    "make_bag_if",
    "arg_max", "arg_min", "argmax", "argmin", "any", "take_any", "anyif", "take_anyif",
    "percentile", "percentiles",
    "stdev", "stdevif", "variance", "varianceif", "count_distinct", "count_distinctif",
    "make_list_with_nulls",
    "hll", "tdigest", "buildschema", "binary_all_and", "binary_all_or",
  ]

  /// Binds a call of a scalar function, a let function or a type-conversion literal.
  mutating func bindCall(
    _ name: KQLIdentifier, _ syntaxArguments: [KQLExpression], span: Span, in scope: Scope
  )
    -> ScalarExpression?
  {
    let function = name.name
    if case .function(let definition) = scope.lets[function] {
      switch invoke(definition, named: name, arguments: syntaxArguments, scope: scope) {
      case .scalar(let value): return value
      case .tabular:
        report(KQLDiagnostics.notScalar(at: span))
        return nil
      case .none: return nil
      }
    }
    if function == "toscalar" {
      guard syntaxArguments.count == 1 else {
        report(
          KQLDiagnostics.argumentCount(
            function, expected: "1", got: syntaxArguments.count, at: span))
        return nil
      }
      let table = bindTabular(syntaxArguments[0], lets: scope.lets)
      guard let relation = table.relation, let first = relation.columns.first else { return nil }
      return ScalarExpression(.scalarSubquery(relation), type: first.type, span: span)
    }
    if function == "typeof" {
      // `typeof(long)` names a type (the result type of extract and extract_json): a typed null stands for it.
      guard syntaxArguments.count == 1, case .name(let typeName) = syntaxArguments[0].kind,
        let type = DataType(kqlName: typeName)
      else {
        report(KQLDiagnostics.typeofArgument(at: span))
        return nil
      }
      return .literal(.null(type), span: span)
    }
    if Self.windowFunctionNames.contains(function) {
      report(KQLDiagnostics.windowFunctionOutsideExtend(function, at: name.span))
      return nil
    }
    if Self.aggregateNames.contains(function) {
      report(KQLDiagnostics.aggregateOutsideSummarize(function, at: name.span))
      return nil
    }
    let entry = KQLFunction.named(function)
    guard entry != nil || Self.typeConversions[function] != nil else {
      let candidates =
        KQLFunction.translatedNames
        + scope.lets.compactMap { key, value in
          if case .function = value { return key }
          return nil
        }
      report(
        KQLDiagnostics.unknownFunction(
          function, at: name.span, help: NameSuggester.help(for: function, among: candidates)))
      return nil
    }
    if case .unsupported(let reason) = entry?.status {
      report(KQLDiagnostics.functionNotTranslated(function, reason: reason, at: name.span))
      return nil
    }
    // The table gives each function's argument count; a type name called as a conversion takes one.
    if let allowed = entry.map({ $0.arity }) ?? 1...1, !arity(name, syntaxArguments.count, allowed, span) {
      return nil
    }
    switch function {
    case "ingestion_time": return ingestionTime(span: span, scope: scope)
    case "pack_all": return packAll(syntaxArguments, span: span, scope: scope)
    case "column_ifexists": return columnIfExists(syntaxArguments, span: span, scope: scope)
    default: break
    }
    guard let arguments = bindScalars(syntaxArguments, in: scope) else { return nil }
    return bindBuiltIn(
      function, arguments, syntaxArguments: syntaxArguments, name: name, span: span)
  }

  /// Binds every expression (reporting each one's errors); nil when any fails.
  mutating func bindScalars(_ expressions: [KQLExpression], in scope: Scope) -> [ScalarExpression]? {
    var bound: [ScalarExpression] = []
    var failed = false
    for expression in expressions {
      if let value = bindScalar(expression, in: scope) {
        bound.append(value)
      } else {
        failed = true
      }
    }
    return failed ? nil : bound
  }

  /// Type names callable as conversions: `int(5)`, `long(x)`, `real(1)`, `string(x)`, `bool(1)`.
  static let typeConversions: [String: (ScalarFunction, DataType)] = [
    "int": (.toInt, .int), "long": (.toLong, .long), "real": (.toReal, .real),
    "double": (.toReal, .real),
    "bool": (.toBool, .bool), "boolean": (.toBool, .bool), "string": (.toString, .string),
  ]

  mutating func arity(_ name: KQLIdentifier, _ count: Int, _ allowed: ClosedRange<Int>, _ span: Span)
    -> Bool
  {
    if allowed.contains(count) { return true }
    let expected =
      allowed.count == 1
      ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) to \(allowed.upperBound)"
    report(KQLDiagnostics.argumentCount(name.name, expected: expected, got: count, at: span))
    return false
  }

  mutating func expectType(
    _ value: ScalarExpression, _ types: Set<DataType>, _ what: String, _ span: Span
  ) -> Bool {
    if types.contains(value.type) { return true }
    report(
      KQLDiagnostics.argumentType(what, types, found: value.type, at: value.span ?? span))
    return false
  }

  mutating func expectConstantString(_ value: ScalarExpression, _ what: String, _ span: Span)
    -> Bool
  {
    if case .literal(.string) = value.kind { return true }
    report(KQLDiagnostics.expectedConstant(what, at: value.span ?? span))
    return false
  }

  // swiftlint:disable:next cyclomatic_complexity function_body_length
  mutating func bindBuiltIn(
    _ function: String, _ arguments: [ScalarExpression], syntaxArguments: [KQLExpression],
    name: KQLIdentifier, span: Span
  ) -> ScalarExpression? {
    let count = arguments.count
    let timeTypes: Set<DataType> = [.datetime]
    switch function {
    case "not":
      guard requireBool(arguments[0], span) else { return nil }
      if case .literal(.bool(let value)) = arguments[0].kind {
        return .literal(.bool(!value), span: span)
      }
      return call(.not, arguments, .bool, span)
    case "ago":
      guard expectType(arguments[0], [.timespan], "ago's argument", span)
      else {
        return nil
      }
      return call(.subtract, [call(.now, [], .datetime, name.span), arguments[0]], .datetime, span)
    case "now":
      let clock = call(.now, [], .datetime, span)
      guard count == 1 else { return clock }
      guard expectType(arguments[0], [.timespan], "now's offset", span) else { return nil }
      return call(.add, [clock, arguments[0]], .datetime, span)
    case "around":
      return around(arguments, span: span)
    case "new_guid":
      return call(.newGUID, [], .guid, span)
    case "bin", "floor":
      let value = arguments[0]
      let size = arguments[1]
      let fits =
        (value.type.isNumeric && size.type.isNumeric)
        || (value.type == .datetime && size.type == .timespan)
        || (value.type == .timespan && size.type == .timespan)
      guard fits else {
        report(
          KQLDiagnostics.binTypes(value.type, size.type, at: span))
        return nil
      }
      let type: DataType = value.type.isNumeric && size.type == .real ? .real : value.type
      return call(.bin, arguments, type, span)
    case "startofday", "startofweek", "startofmonth", "startofyear", "endofday", "endofweek", "endofmonth",
      "endofyear":
      guard expectType(arguments[0], timeTypes, "\(function)'s argument", span) else { return nil }
      if count == 2 {
        guard expectType(arguments[1], [.int, .long], "\(function)'s offset", span) else { return nil }
      }
      return periodBoundary(function, arguments[0], offset: count == 2 ? arguments[1] : nil, span)
    case "datetime_diff":
      guard expectConstantString(arguments[0], "the part of datetime_diff", span),
        expectType(arguments[1], timeTypes, "datetime_diff's second argument", span),
        expectType(arguments[2], timeTypes, "datetime_diff's third argument", span)
      else { return nil }
      return call(.datetimeDiff, arguments, .long, span)
    case "datetime_add":
      guard expectConstantString(arguments[0], "the part of datetime_add", span),
        expectType(arguments[1], [.int, .long], "datetime_add's amount", span),
        expectType(arguments[2], timeTypes, "datetime_add's datetime", span)
      else { return nil }
      return call(.datetimeAdd, arguments, .datetime, span)
    case "format_datetime":
      guard expectType(arguments[0], timeTypes, "format_datetime's value", span),
        expectConstantString(arguments[1], "the format of format_datetime", span)
      else { return nil }
      return call(.formatDatetime, arguments, .string, span)
    case "format_timespan":
      guard expectType(arguments[0], [.timespan], "format_timespan's value", span),
        expectConstantString(arguments[1], "the format of format_timespan", span)
      else { return nil }
      return call(.formatTimespan, arguments, .string, span)
    case "datetime_utc_to_local", "datetime_local_to_utc":
      guard expectType(arguments[0], timeTypes, "\(function)'s value", span),
        expectConstantString(arguments[1], "the time zone of \(function)", span),
        case .literal(.string(let zone)) = arguments[1].kind
      else { return nil }
      guard let canonical = TimeZoneNames.canonical(zone) else {
        report(
          KQLDiagnostics.unknownTimeZone(zone, at: arguments[1].span ?? span, help: TimeZoneNames.help(for: zone)))
        return nil
      }
      let plan: ScalarFunction = function == "datetime_utc_to_local" ? .utcToLocal : .localToUTC
      return call(plan, [arguments[0], .literal(.string(canonical), span: arguments[1].span)], .datetime, span)
    case "dayofweek", "hourofday", "dayofmonth", "getyear", "getmonth":
      guard expectType(arguments[0], timeTypes, "\(function)'s argument", span)
      else { return nil }
      let mapping: [String: (ScalarFunction, DataType)] = [
        "dayofweek": (.dayOfWeek, .timespan), "hourofday": (.hourOfDay, .int),
        "dayofmonth": (.dayOfMonth, .int),
        "getyear": (.getYear, .int), "getmonth": (.getMonth, .int),
      ]
      let (plan, type) = mapping[function]!
      return call(plan, arguments, type, span)
    case "round":
      guard expectType(arguments[0], [.int, .long, .real], "round's value", span),
        count == 1 || expectType(arguments[1], [.int, .long], "round's precision", span)
      else { return nil }
      return call(.round, arguments, arguments[0].type == .real ? .real : .long, span)
    case "unixtime_milliseconds_todatetime", "unixtime_seconds_todatetime":
      guard expectType(arguments[0], [.int, .long, .real], "its argument", span)
      else { return nil }
      guard function == "unixtime_seconds_todatetime" else {
        return call(.fromUnixTimeMilliseconds, arguments, .datetime, span)
      }
      let thousand = ScalarExpression.literal(.long(1000), span: span)
      let type: DataType = arguments[0].type == .real ? .real : .long
      return call(
        .fromUnixTimeMilliseconds, [call(.multiply, [arguments[0], thousand], type, span)],
        .datetime, span)
    case "todatetime":
      if case .literal(.string(let text)) = arguments[0].kind {
        guard let micro = Self.parseDatetime(text) else {
          return .literal(.null(.datetime), span: span)
        }
        return .literal(.datetime(microseconds: micro), span: span)
      }
      if arguments[0].type == .datetime { return arguments[0] }
      return call(.toDatetime, arguments, .datetime, span)
    case "totimespan":
      if arguments[0].type == .timespan { return arguments[0] }
      return call(.toTimespan, arguments, .timespan, span)
    case "tostring":
      if arguments[0].type == .string { return arguments[0] }
      return call(.toString, arguments, .string, span)
    case "toint", "tolong", "todouble", "toreal", "todecimal", "tobool", "toboolean":
      let mapping: [String: (ScalarFunction, DataType)] = [
        "toint": (.toInt, .int), "tolong": (.toLong, .long), "todouble": (.toReal, .real),
        "toreal": (.toReal, .real), "todecimal": (.toReal, .real),
        "tobool": (.toBool, .bool), "toboolean": (.toBool, .bool),
      ]
      let (plan, type) = mapping[function]!
      return call(plan, arguments, type, span)
    case "parse_json", "todynamic", "toobject":
      if arguments[0].type == .dynamic { return arguments[0] }
      return call(.toDynamic, [asString(arguments[0])], .dynamic, span)
    case "tolower", "toupper":
      return call(function == "tolower" ? .lower : .upper, [asString(arguments[0])], .string, span)
    case "strlen":
      return call(.length, [asString(arguments[0])], .long, span)
    case "substring":
      guard expectType(arguments[1], [.int, .long], "substring's start", span),
        count == 2 || expectType(arguments[2], [.int, .long], "substring's length", span)
      else { return nil }
      return call(.substring, [asString(arguments[0])] + arguments.dropFirst(), .string, span)
    case "strcat":
      return call(.concat, arguments.map(asString), .string, span)
    case "strcat_delim":
      return call(.concatWithDelimiter, arguments.map(asString), .string, span)
    case "split":
      let tail: [ScalarExpression] = count == 3 ? [arguments[2]] : []
      return call(.split, [asString(arguments[0]), asString(arguments[1])] + tail, .dynamic, span)
    case "replace_string":
      return call(.replaceString, arguments.map(asString), .string, span)
    case "replace_regex", "replace":
      // `replace(regex, rewrite, text)` is the deprecated spelling with a different argument order.
      let ordered = function == "replace" ? [arguments[2], arguments[0], arguments[1]] : arguments
      guard expectConstantString(ordered[1], "the regular expression of \(function)", span) else {
        return nil
      }
      return call(.replaceRegex, ordered.map(asString), .string, span)
    case "extract":
      guard expectConstantString(arguments[0], "the regular expression of extract", span),
        expectType(arguments[1], [.int, .long], "extract's capture group", span)
      else { return nil }
      let extracted = call(
        .extractRegex, [arguments[0], arguments[1], asString(arguments[2])], .string, span)
      return count == 4 ? converted(extracted, to: arguments[3], span) : extracted
    case "extract_all":
      guard expectConstantString(arguments[0], "the regular expression of extract_all", span) else {
        return nil
      }
      return call(.extractAllRegex, [arguments[0], asString(arguments[1])], .dynamic, span)
    case "trim", "trim_start", "trim_end":
      guard expectConstantString(arguments[0], "the pattern of \(function)", span)
      else { return nil }
      let plan: ScalarFunction =
        function == "trim" ? .trimRegex : function == "trim_start" ? .trimStartRegex : .trimEndRegex
      return call(plan, [arguments[0], asString(arguments[1])], .string, span)
    case "indexof":
      guard count == 2 else {
        for argument in arguments.dropFirst(2) {
          guard expectType(argument, [.int, .long], "indexof's start, length and occurrence", span) else {
            return nil
          }
        }
        if count == 5 {
          guard case .literal(let occurrence) = arguments[4].kind, occurrence == .long(1)
          else {
            report(
              KQLDiagnostics.indexofOccurrence(at: arguments[4].span ?? span))
            return nil
          }
        }
        let strings = [asString(arguments[0]), asString(arguments[1])]
        return call(.indexOfRange, strings + arguments[2..<min(count, 4)], .long, span)
      }
      return call(.indexOf, arguments.map(asString), .long, span)
    case "countof":
      if count == 3 {
        guard case .literal(.string(let kind)) = arguments[2].kind, kind == "normal" else {
          report(
            KQLDiagnostics.countofRegex(at: arguments[2].span ?? span))
          return nil
        }
      }
      return call(.countOf, [asString(arguments[0]), asString(arguments[1])], .long, span)
    case "isnull", "isnotnull", "notnull":
      // KQL strings are never null: isnull(string) is false, isnotnull(string) is true.
      if arguments[0].type == .string { return .literal(.bool(function != "isnull"), span: span) }
      return call(function == "isnull" ? .isNull : .isNotNull, arguments, .bool, span)
    case "isempty", "isnotempty", "notempty":
      return call(function == "isempty" ? .isEmpty : .isNotEmpty, arguments, .bool, span)
    case "iff", "iif":
      guard requireBool(arguments[0], syntaxArguments[0].span),
        let (type, branches) = commonNonDynamicBranches([arguments[1], arguments[2]], span)
      else { return nil }
      return ScalarExpression(
        .caseWhen([WhenClause(condition: arguments[0], value: branches[0])], otherwise: branches[1]),
        type: type,
        span: span)
    case "case":
      guard count >= 3, count % 2 == 1 else {
        report(
          KQLDiagnostics.argumentCount(
            function, expected: "an odd number (at least 3) of", got: count, at: span))
        return nil
      }
      let conditions = stride(from: 0, to: count - 1, by: 2).map { arguments[$0] }
      for (index, condition) in zip(stride(from: 0, to: count - 1, by: 2), conditions) {
        guard requireBool(condition, syntaxArguments[index].span) else { return nil }
      }
      let values = stride(from: 1, to: count - 1, by: 2).map { arguments[$0] } + [arguments[count - 1]]
      guard let (type, branches) = commonNonDynamicBranches(values, span) else { return nil }
      let clauses = zip(conditions, branches).map { WhenClause(condition: $0, value: $1) }
      return ScalarExpression(.caseWhen(clauses, otherwise: branches[branches.count - 1]), type: type, span: span)
    case "coalesce":
      guard let type = unifiedType(arguments, span) else {
        return nil
      }
      guard type == .string else { return call(.coalesce, arguments, type, span) }
      // Kusto strings are never null: coalesce returns the first non-empty string, else "".
      let arms = arguments.map { argument in
        WhenClause(condition: call(.isNotEmpty, [argument], .bool, span), value: argument)
      }
      return ScalarExpression(.caseWhen(arms, otherwise: .literal(.string(""), span: span)), type: .string, span: span)
    case "array_length":
      guard let value = requireDynamic(arguments[0], span) else {
        return nil
      }
      return call(.arrayLength, [value], .long, span)
    case "bag_keys":
      guard let value = requireDynamic(arguments[0], span) else {
        return nil
      }
      return call(.bagKeys, [value], .dynamic, span)
    case "parse_path", "parse_url":
      return call(
        function == "parse_path" ? .parsePath : .parseURL, [asString(arguments[0])], .dynamic, span)
    case "parse_command_line":
      guard expectConstantString(arguments[1], "the parser kind", span)
      else {
        return nil
      }
      // Kusto knows one parser type, "windows" (CommandLineToArgvW's rules); any other is an error.
      guard case .literal(.string("windows")) = arguments[1].kind else {
        report(
          KQLDiagnostics.parseCommandLineParser(at: arguments[1].span ?? span))
        return nil
      }
      return call(.parseCommandLine, [asString(arguments[0]), arguments[1]], .dynamic, span)
    case "base64_decode_toarray":
      return call(.base64DecodeToArray, [asString(arguments[0])], .dynamic, span)
    case "base64_decode_tostring", "base64_decodestring":
      return call(.base64DecodeToString, [asString(arguments[0])], .string, span)
    case "ipv4_is_private":
      return call(.ipv4IsPrivate, [asString(arguments[0])], .bool, span)
    case "ipv4_is_in_range":
      return call(.ipv4IsInRange, arguments.map(asString), .bool, span)
    case "hash_sha256", "hash_md5", "hash_sha1":
      let plan: ScalarFunction =
        function == "hash_sha256" ? .hashSHA256 : function == "hash_md5" ? .hashMD5 : .hashSHA1
      return call(plan, [asString(arguments[0])], .string, span)
    case "string_size":
      return call(.byteLength, [asString(arguments[0])], .long, span)
    case "abs":
      guard expectType(arguments[0], [.int, .long, .real], "abs's argument", span) else { return nil }
      return call(.absolute, arguments, arguments[0].type, span)
    case "binary_and", "binary_or", "binary_xor", "binary_not", "binary_shift_left", "binary_shift_right":
      for argument in arguments {
        guard expectType(argument, [.int, .long], "\(function)'s arguments", span) else { return nil }
      }
      let mapping: [String: ScalarFunction] = [
        "binary_and": .bitAnd, "binary_or": .bitOr, "binary_xor": .bitXor, "binary_not": .bitNot,
        "binary_shift_left": .shiftLeft, "binary_shift_right": .shiftRight,
      ]
      return call(mapping[function]!, arguments, .long, span)
    case "pack_array":
      return call(.packArray, arguments, .dynamic, span)
    case "bag_pack", "pack", "pack_dictionary":
      guard count % 2 == 0 else {
        report(KQLDiagnostics.argumentCount(function, expected: "an even number of", got: count, at: span))
        return nil
      }
      for index in stride(from: 0, to: count, by: 2) {
        guard expectType(arguments[index], [.string], "a key of \(function)", span) else { return nil }
      }
      return call(.bagPack, arguments, .dynamic, span)
    case "bag_pack_columns":
      // bag_pack with each column's name as its key.
      var packed: [ScalarExpression] = []
      for (argument, syntax) in zip(arguments, syntaxArguments) {
        guard case .column(let column) = argument.kind else {
          report(KQLDiagnostics.bagPackColumnsArgument(at: syntax.span))
          return nil
        }
        packed += [.literal(.string(column), span: syntax.span), argument]
      }
      return call(.bagPack, packed, .dynamic, span)
    case "array_concat", "set_union", "set_intersect", "set_difference":
      for argument in arguments {
        guard expectType(argument, [.dynamic], "\(function)'s arguments", span) else { return nil }
      }
      let mapping: [String: ScalarFunction] = [
        "array_concat": .arrayConcat, "set_union": .setUnion, "set_intersect": .setIntersect,
        "set_difference": .setDifference,
      ]
      return call(mapping[function]!, arguments, .dynamic, span)
    case "extract_json", "extractjson":
      guard expectConstantString(arguments[0], "the JSON path of \(function)", span) else { return nil }
      let extracted = call(.extractJSON, [arguments[0], asString(arguments[1])], .string, span)
      return count == 3 ? converted(extracted, to: arguments[2], span) : extracted
    case "max_of", "min_of":
      guard let type = unifiedType(arguments, span) else { return nil }
      guard type != .string, type != .dynamic else {
        report(
          KQLDiagnostics.textOrdering(function, type, at: span))
        return nil
      }
      return call(function == "max_of" ? .greatestOf : .leastOf, arguments, type, span)
    case "pi":
      return call(.pi, [], .real, span)
    case "pow", "exp", "exp2", "exp10":
      for argument in arguments {
        guard expectType(argument, [.int, .long, .real], "\(function)'s argument", span) else { return nil }
      }
      switch function {
      case "pow": return call(.ieeePower, arguments, .real, span)
      case "exp": return call(.ieeeExponential, arguments, .real, span)
      default:
        let base = ScalarExpression.literal(.real(function == "exp2" ? 2 : 10), span: span)
        return call(.ieeePower, [base, arguments[0]], .real, span)
      }
    case "format_ipv4", "format_ipv4_mask":
      guard expectType(arguments[0], [.string, .int, .long], "\(function)'s address", span),
        count == 1 || expectType(arguments[1], [.int, .long], "\(function)'s prefix", span)
      else { return nil }
      return call(.formatIPv4(withMask: function == "format_ipv4_mask"), arguments, .string, span)
    case "bag_remove_keys":
      guard let bag = requireDynamic(arguments[0], span), let paths = bagKeyPaths(arguments[1], span) else {
        return nil
      }
      return call(.bagRemoveKeys, [bag, paths], .dynamic, span)
    case "sqrt", "log", "log10", "log2", "degrees", "radians", "sin", "cos", "tan", "cot", "asin", "acos", "atan",
      "atan2", "isnan", "isinf", "isfinite":
      for argument in arguments {
        guard expectType(argument, [.int, .long, .real], "\(function)'s argument", span) else { return nil }
      }
      let mapping: [String: ScalarFunction] = [
        "sqrt": .squareRoot, "log": .naturalLog, "log10": .log10, "log2": .log2, "degrees": .degrees,
        "radians": .radians, "sin": .sine, "cos": .cosine, "tan": .tangent, "cot": .cotangent, "asin": .arcsine,
        "acos": .arccosine, "atan": .arctangent, "atan2": .arctangent2, "isnan": .isNaN, "isinf": .isInfinite,
        "isfinite": .isFinite,
      ]
      return call(mapping[function]!, arguments, function.hasPrefix("is") ? .bool : .real, span)
    case "ceiling", "sign":
      guard expectType(arguments[0], [.int, .long, .real], "\(function)'s argument", span) else { return nil }
      return call(function == "ceiling" ? .ceiling : .sign, arguments, arguments[0].type, span)
    case "dayofyear", "weekofyear", "week_of_year", "monthofyear":
      guard expectType(arguments[0], timeTypes, "\(function)'s argument", span) else { return nil }
      let plan: ScalarFunction =
        function == "dayofyear" ? .dayOfYear : function == "monthofyear" ? .getMonth : .weekOfYear
      return call(plan, arguments, .int, span)
    case "unixtime_microseconds_todatetime", "unixtime_nanoseconds_todatetime":
      guard expectType(arguments[0], [.int, .long, .real], "its argument", span) else { return nil }
      let divisor = ScalarExpression.literal(
        .real(function == "unixtime_microseconds_todatetime" ? 1000 : 1_000_000), span: span)
      return call(
        .fromUnixTimeMilliseconds, [call(.divide, [arguments[0], divisor], .real, span)], .datetime, span)
    case "bin_at":
      // bin_at(value, size, fixed) is bin(value - fixed, size) + fixed: the bins are laid from the fixed point.
      guard
        let shifted = bindBuiltIn(
          "bin",
          [
            call(
              .subtract, [arguments[0], arguments[2]], arguments[0].type == .datetime ? .timespan : arguments[0].type,
              span), arguments[1],
          ],
          syntaxArguments: syntaxArguments, name: name, span: span)
      else { return nil }
      return call(.add, [shifted, arguments[2]], arguments[0].type, span)
    case "base64_encode_tostring", "base64_encodestring":
      return call(.base64EncodeFromString, [asString(arguments[0])], .string, span)
    case "reverse":
      return call(.reverse, [asString(arguments[0])], .string, span)
    case "ipv4_compare", "ipv6_compare", "ipv4_is_match", "ipv6_is_match":
      // ipv4_is_match / ipv6_is_match are the compare functions' 0: both read IP-prefix notation
      // ('192.168.1.0/24') and compare over the shortest of the two prefixes and the prefix argument.
      if count == 3 {
        guard expectType(arguments[2], [.int, .long], "\(function)'s prefix", span) else { return nil }
      }
      let compared = call(
        .ipCompare(width: function.hasPrefix("ipv4") ? 32 : 128),
        [asString(arguments[0]), asString(arguments[1])]
          + arguments.dropFirst(2), .int, span)
      guard function.hasSuffix("_is_match") else { return compared }
      return call(.equal, [compared, .literal(.long(0), span: span)], .bool, span)
    case "url_encode", "url_encode_component":
      return call(.urlEncode(component: function == "url_encode_component"), [asString(arguments[0])], .string, span)
    case "make_datetime":
      guard count != 4 else {
        report(KQLDiagnostics.argumentCount(function, expected: "3, 5 or 6", got: count, at: span))
        return nil
      }
      for (position, argument) in arguments.enumerated() {
        let types: Set<DataType> = position == 5 ? [.int, .long, .real] : [.int, .long]
        guard expectType(argument, types, "make_datetime's parts", span) else { return nil }
      }
      return call(.makeDatetime, arguments, .datetime, span)
    case "make_timespan":
      for (position, argument) in arguments.enumerated() {
        let types: Set<DataType> =
          position == 3 || (count == 3 && position == 2) ? [.int, .long, .real] : [.int, .long]
        guard expectType(argument, types, "make_timespan's parts", span) else { return nil }
      }
      // (hour, minute [, second]) or (day, hour, minute, second): the plan always has all four.
      let zero = ScalarExpression.literal(.long(0), span: span)
      let parts =
        count == 4 ? arguments : [zero] + arguments + (count == 2 ? [.literal(.real(0), span: span)] : [])
      return call(.makeTimespan, parts, .timespan, span)
    case "bitset_count_ones":
      guard expectType(arguments[0], [.int, .long], "bitset_count_ones's argument", span) else { return nil }
      return call(.bitCount, arguments, .long, span)
    case "strrep":
      guard expectType(arguments[1], [.int, .long], "strrep's multiplier", span) else { return nil }
      let delimiter = count == 3 ? asString(arguments[2]) : .literal(.string(""), span: span)
      return call(.repeatString, [asString(arguments[0]), arguments[1], delimiter], .string, span)
    case "translate":
      return call(.translateCharacters, arguments.map(asString), .string, span)
    case "repeat":
      guard
        expectType(arguments[0], [.bool, .int, .long, .real, .datetime, .string, .timespan], "repeat's value", span),
        expectType(arguments[1], [.int, .long], "repeat's count", span)
      else { return nil }
      return call(.repeatValue, arguments, .dynamic, span)
    case "zip", "jaccard_index":
      for argument in arguments {
        guard expectType(argument, [.dynamic], "\(function)'s arguments", span) else { return nil }
      }
      return function == "zip"
        ? call(.zipArrays, arguments, .dynamic, span) : call(.jaccardIndex, arguments, .real, span)
    case "to_utf8", "unicode_codepoints_from_string":
      return call(function == "to_utf8" ? .utf8Bytes : .codePoints, [asString(arguments[0])], .dynamic, span)
    case "unicode_codepoints_to_string", "make_string":
      for argument in arguments {
        guard expectType(argument, [.int, .long, .dynamic], "\(function)'s values", span) else { return nil }
      }
      return call(.codePointsToString, arguments, .string, span)
    case "isascii":
      return call(.isASCII, [asString(arguments[0])], .bool, span)
    case "gettype":
      let staticNames: [DataType: String] = [
        .int: "int", .long: "long", .real: "real", .string: "string", .bool: "bool", .datetime: "datetime",
        .timespan: "timespan", .guid: "guid",
      ]
      if let typeName = staticNames[arguments[0].type] { return .literal(.string(typeName), span: span) }
      return call(.dynamicTypeName, arguments, .string, span)
    case "series_stats_dynamic":
      return seriesStats(arguments, span: span)
    case "series_stats":
      report(
        KQLDiagnostics.seriesStatsInExpression(at: name.span))
      return nil
    case "regex_quote", "indexof_regex", "parse_csv", "parse_urlquery":
      return bindTextFunction(function, arguments, name: name, span: span)
    case "strcmp", "array_rotate_left", "array_rotate_right", "array_shift_left", "array_shift_right", "array_iff",
      "array_iif", "bag_set_key":
      return bindArrayFunction(function, arguments, name: name, span: span)
    case "array_reverse", "array_sum", "bag_merge":
      for argument in arguments {
        guard expectType(argument, [.dynamic], "\(function)'s arguments", span) else { return nil }
      }
      let plan: ScalarFunction =
        function == "array_reverse" ? .arrayReverse : function == "array_sum" ? .arraySum : .bagMerge
      return call(plan, arguments, function == "array_sum" ? .real : .dynamic, span)
    case "array_slice", "array_index_of", "set_has_element", "strcat_array", "bag_has_key":
      guard expectType(arguments[0], [.dynamic], "\(function)'s first argument", span) else { return nil }
      switch function {
      case "array_slice":
        guard expectType(arguments[1], [.int, .long], "array_slice's start", span),
          expectType(arguments[2], [.int, .long], "array_slice's end", span)
        else { return nil }
        return call(.arraySlice, arguments, .dynamic, span)
      case "array_index_of", "set_has_element":
        for argument in arguments.dropFirst(2) {
          guard expectType(argument, [.int, .long], "array_index_of's start, length and occurrence", span) else {
            return nil
          }
        }
        let index = call(.arrayIndexOf, arguments, .long, span)
        guard function == "set_has_element" else { return index }
        return call(.greaterOrEqual, [index, .literal(.long(0), span: span)], .bool, span)
      case "strcat_array":
        return call(.strcatArray, [arguments[0], asString(arguments[1])], .string, span)
      default:
        guard case .literal(.string(let key)) = arguments[1].kind else {
          report(KQLDiagnostics.expectedConstant("the key of bag_has_key", at: arguments[1].span ?? span))
          return nil
        }
        return call(.bagHasKey, [arguments[0], .literal(.string(key), span: arguments[1].span)], .bool, span)
      }
    case "datetime_part":
      let parts: Set<String> = [
        "year", "quarter", "month", "week_of_year", "day", "dayofyear", "hour", "minute", "second", "millisecond",
        "microsecond", "nanosecond",
      ]
      guard expectConstantString(arguments[0], "the part of datetime_part", span),
        case .literal(.string(let part)) = arguments[0].kind,
        expectType(arguments[1], timeTypes, "datetime_part's date", span)
      else { return nil }
      guard parts.contains(part.lowercased()) else {
        report(
          KQLDiagnostics.datetimePart(part, at: arguments[0].span ?? span))
        return nil
      }
      return call(
        .datetimePart, [.literal(.string(part.lowercased()), span: arguments[0].span), arguments[1]], .int, span)
    case "has_ipv4", "has_any_ipv4":
      for argument in arguments.dropFirst() {
        guard case .literal(.string) = argument.kind else {
          report(
            KQLDiagnostics.computedAddress(function, at: argument.span ?? span))
          return nil
        }
      }
      return call(.hasIPv4, [asString(arguments[0])] + arguments.dropFirst(), .bool, span)
    case "has_ipv4_prefix", "has_any_ipv4_prefix":
      var prefixes: [ScalarExpression] = []
      for argument in arguments.dropFirst() {
        switch argument.kind {
        case .literal(.string):
          prefixes.append(argument)
        case .literal(.dynamic(let json)) where function == "has_any_ipv4_prefix" && count == 2:
          // The documented array form: its strings are the prefixes.
          guard let elements = Self.jsonArrayElements(json) else {
            report(KQLDiagnostics.computedAddress(function, at: argument.span ?? span))
            return nil
          }
          for element in elements {
            guard case .string = element else {
              report(KQLDiagnostics.computedAddress(function, at: argument.span ?? span))
              return nil
            }
            prefixes.append(.literal(element, span: argument.span))
          }
        default:
          report(KQLDiagnostics.computedAddress(function, at: argument.span ?? span))
          return nil
        }
      }
      return call(.hasIPv4Prefix, [asString(arguments[0])] + prefixes, .bool, span)
    case "range":
      // Built here, bound as one dynamic constant: start, start + step, … while ≤ stop, at most 2^20 values.
      // Kusto documents neither a step ≤ 0, nor a start after the stop, nor null or other kinds of bounds.
      var bounds: [Int64] = []
      for argument in arguments {
        guard case .literal(.long(let value)) = argument.kind else {
          report(KQLDiagnostics.rangeArguments(at: argument.span ?? span))
          return nil
        }
        bounds.append(value)
      }
      let (start, stop, step) = (bounds[0], bounds[1], count == 3 ? bounds[2] : 1)
      guard step > 0, start <= stop else {
        report(KQLDiagnostics.rangeArguments(at: span))
        return nil
      }
      var values: [String] = []
      var value = start
      while value <= stop, values.count < 1_048_576 {
        values.append(String(value))
        let (next, overflow) = value.addingReportingOverflow(step)
        if overflow { break }
        value = next
      }
      return .literal(.dynamic(json: "[" + values.joined(separator: ",") + "]"), span: span)
    case "has_any_index":
      // The index of the first value (in the array's order) that `source has`; -1 for none or an empty array.
      guard case .literal(.dynamic(let json)) = arguments[1].kind, let elements = Self.jsonArrayElements(json) else {
        report(KQLDiagnostics.computedTerms("has_any_index", at: arguments[1].span ?? span))
        return nil
      }
      let source = asString(arguments[0])
      var clauses: [WhenClause] = []
      for (index, element) in elements.enumerated() {
        let term: String
        switch element {
        case .string(let text): term = text
        // A number term is its decimal text, as has_any reads it (the documented range(1, 3, 1) example).
        case .long(let number): term = String(number)
        default:
          report(KQLDiagnostics.hasAnyIndexValue(at: arguments[1].span ?? span))
          return nil
        }
        let found = call(
          .hasTerm(caseSensitive: false), [source, .literal(.string(term), span: arguments[1].span)], .bool, span)
        clauses.append(WhenClause(condition: found, value: .literal(.long(Int64(index)))))
      }
      guard !clauses.isEmpty else { return .literal(.long(-1), span: span) }
      return ScalarExpression(.caseWhen(clauses, otherwise: .literal(.long(-1))), type: .long, span: span)
    case "parse_ipv4":
      return call(.parseIPv4, [asString(arguments[0])], .long, span)
    case "parse_ipv4_mask":
      guard expectType(arguments[1], [.int, .long], "parse_ipv4_mask's prefix", span) else { return nil }
      return call(.parseIPv4Mask, [asString(arguments[0]), arguments[1]], .long, span)
    case "ipv4_netmask_suffix":
      return call(.ipv4NetmaskSuffix, [asString(arguments[0])], .long, span)
    case "ipv4_is_in_any_range":
      if count == 2, arguments[1].type == .dynamic {
        return call(.ipv4IsInAnyRange, [asString(arguments[0]), arguments[1]], .bool, span)
      }
      return call(.ipv4IsInAnyRange, arguments.map(asString), .bool, span)
    case "geo_info_from_ip_address":
      return call(.geoInfoFromIP, [asString(arguments[0])], .dynamic, span)
    case "tohex":
      guard expectType(arguments[0], [.int, .long], "tohex's value", span)
      else {
        return nil
      }
      return call(.toHex, arguments, .string, span)
    default:
      guard let (plan, type) = Self.typeConversions[function] else {
        report(
          KQLDiagnostics.functionWithoutCase(function, at: name.span))
        return nil
      }
      if arguments[0].type == type { return arguments[0] }
      return call(plan, arguments, type, span)
    }
  }

  /// `startofday`, `endofmonth` and their kin, with Kusto's optional offset in the function's own unit (days,
  /// weeks, months or years): the boundary of the period `offset` periods from the one holding `date`.
  ///
  /// The offset moves the start of the period (`datetime_add` on the UTC calendar), so that a month's end is
  /// taken from the first of the shifted month, never from a day the shorter month lacks; days and weeks have
  /// one length in UTC, so their ends shift the date itself.
  func periodBoundary(_ function: String, _ date: ScalarExpression, offset: ScalarExpression?, _ span: Span)
    -> ScalarExpression
  {
    let periods: [String: (unit: String, start: ScalarFunction, end: ScalarFunction?)] = [
      "startofday": ("day", .startOfDay, nil), "endofday": ("day", .startOfDay, .endOfDay),
      "startofweek": ("week", .startOfWeek, nil), "endofweek": ("week", .startOfWeek, .endOfWeek),
      "startofmonth": ("month", .startOfMonth, nil), "endofmonth": ("month", .startOfMonth, .endOfMonth),
      "startofyear": ("year", .startOfYear, nil), "endofyear": ("year", .startOfYear, .endOfYear),
    ]
    let period = periods[function]!
    guard let offset else { return call(period.end ?? period.start, [date], .datetime, span) }
    let fixedLength = period.unit == "day" || period.unit == "week"
    let base = period.end != nil && fixedLength ? date : call(period.start, [date], .datetime, span)
    let unit = ScalarExpression.literal(.string(period.unit), span: span)
    let shifted = call(.datetimeAdd, [unit, offset, base], .datetime, span)
    return period.end.map { call($0, [shifted], .datetime, span) } ?? shifted
  }

  /// `around(value, center, delta)`: `value between ((center - delta) .. (center + delta))`, null when an argument
  /// is (the documented range; a negative delta makes it empty, so the result is false).
  mutating func around(_ arguments: [ScalarExpression], span: Span) -> ScalarExpression? {
    let (value, center, delta) = (arguments[0], arguments[1], arguments[2])
    let numbers = value.type.isNumeric && center.type.isNumeric && delta.type.isNumeric
    guard
      numbers || (value.type == .datetime && center.type == .datetime && delta.type == .timespan)
        || (value.type == .timespan && center.type == .timespan && delta.type == .timespan)
    else {
      report(KQLDiagnostics.aroundTypes(value.type, center.type, delta.type, at: span))
      return nil
    }
    let type: DataType = numbers ? (center.type == .real || delta.type == .real ? .real : .long) : center.type
    let low = call(.subtract, [center, delta], type, span)
    let high = call(.add, [center, delta], type, span)
    return call(.between, [value, low, high], .bool, span)
  }

  /// A string result converted to the type a `typeof(…)` argument names (`extract`, `extract_json`).
  mutating func converted(_ value: ScalarExpression, to typeArgument: ScalarExpression, _ span: Span)
    -> ScalarExpression?
  {
    // A guid result would need the text parsed as a guid (null when it is not one), which no conversion does.
    guard case .literal(.null(let target)) = typeArgument.kind, target != .guid else {
      report(KQLDiagnostics.resultType(at: typeArgument.span ?? span))
      return nil
    }
    return target == .string ? value : call(Self.conversion(to: target), [value], target, span)
  }

  /// The keys of `bag_remove_keys` as the array of member paths `spoor.kql_bag_remove_keys` reads: a constant
  /// dynamic array of strings, each a top-level key or a JSONPath (`$.key2.prop1`, `$['a b']`) without array
  /// indexing, which Kusto does not support there either.
  mutating func bagKeyPaths(_ keys: ScalarExpression, _ span: Span) -> ScalarExpression? {
    guard case .literal(.dynamic(let json)) = keys.kind, let elements = Self.jsonArrayElements(json) else {
      report(KQLDiagnostics.expectedConstant("the keys of bag_remove_keys (a dynamic array)", at: keys.span ?? span))
      return nil
    }
    var paths: [String] = []
    for element in elements {
      guard case .string(let key) = element, let steps = Self.memberPath(key) else {
        report(
          KQLDiagnostics.bagRemoveKeysArgument(at: keys.span ?? span))
        return nil
      }
      paths.append("[" + steps.map(JSONText.quote).joined(separator: ",") + "]")
    }
    return .literal(.dynamic(json: "[" + paths.joined(separator: ",") + "]"), span: keys.span)
  }

  /// The member names a key of `bag_remove_keys` leads through: the key itself, or the steps of a JSONPath that
  /// starts with `$` (`.name` or `['name']` / `["name"]`); nil for a path with an index or a malformed one.
  static func memberPath(_ key: String) -> [String]? {
    guard key.hasPrefix("$") else { return [key] }
    var steps: [String] = []
    var rest = Substring(key.dropFirst())
    while let first = rest.first {
      if first == "." {
        rest = rest.dropFirst()
        let name = rest.prefix { $0 != "." && $0 != "[" }
        guard !name.isEmpty else { return nil }
        steps.append(String(name))
        rest = rest.dropFirst(name.count)
      } else if first == "[", let quote = rest.dropFirst().first, quote == "'" || quote == "\"" {
        let body = rest.dropFirst(2)
        guard let end = body.firstIndex(of: quote), body[body.index(after: end)...].first == "]" else { return nil }
        steps.append(String(body[..<end]))
        rest = body[body.index(end, offsetBy: 2)...]
      } else {
        return nil
      }
    }
    return steps.isEmpty ? nil : steps
  }

  /// `pack_all([ignore_null_empty])`: a property bag of the input's columns, named as they are; with `true`,
  /// columns whose value is null or an empty string are left out (pack-all-function.md).
  mutating func packAll(_ arguments: [KQLExpression], span: Span, scope: Scope) -> ScalarExpression? {
    var ignoreNullEmpty = false
    if let argument = arguments.first {
      guard let value = bindScalar(argument, in: scope) else { return nil }
      guard case .literal(.bool(let flag)) = value.kind else {
        report(KQLDiagnostics.expectedConstant("the ignore_null_empty flag of pack_all", at: argument.span))
        return nil
      }
      ignoreNullEmpty = flag
    }
    guard let columns = scope.columns else { return nil }
    var pairs: [ScalarExpression] = []
    for column in columns {
      pairs.append(.literal(.string(column.name), span: span))
      pairs.append(.column(column.name, column.type, span: span))
    }
    let bag = call(.bagPack, pairs, .dynamic, span)
    return ignoreNullEmpty ? call(.bagWithoutNullOrEmpty, [bag], .dynamic, span) : bag
  }

  /// The conversion function to each type, what `toint()`, `tostring()`, … bind to; a guid converts as a string.
  static func conversion(to type: DataType) -> ScalarFunction {
    switch type {
    case .int: .toInt
    case .long: .toLong
    case .real: .toReal
    case .bool: .toBool
    case .string, .guid: .toString
    case .datetime: .toDatetime
    case .timespan: .toTimespan
    case .dynamic: .toDynamic
    }
  }

  /// The type of the branches of `iff` or `case`, and the branches converted to it.
  ///
  /// Kusto.Language types these functions `CommonNonDynamic`: the common type of the branches that are not
  /// dynamic, to which the dynamic branches convert (as `tostring()`, `tolong()`, … convert them). Branches that
  /// are all dynamic stay dynamic.
  mutating func commonNonDynamicBranches(_ values: [ScalarExpression], _ span: Span)
    -> (DataType, [ScalarExpression])?
  {
    let typed = values.filter { $0.type != .dynamic }
    guard !typed.isEmpty, typed.count < values.count else {
      guard let type = unifiedType(values, span) else { return nil }
      return (type, values)
    }
    guard let type = unifiedType(typed, span) else { return nil }
    return (type, values.map { $0.type == .dynamic ? Self.converted($0, to: type, span: $0.span ?? span) : $0 })
  }

  /// The common type of values that must agree (the branches of `iff`, `case`, `coalesce`).
  mutating func unifiedType(_ values: [ScalarExpression], _ span: Span) -> DataType? {
    var result: DataType?
    for value in values {
      guard let current = result else {
        result = value.type
        continue
      }
      if current == value.type { continue }
      if current.isNumeric && value.type.isNumeric {
        result = current == .real || value.type == .real ? .real : .long
        continue
      }
      if case .literal(.null) = value.kind { continue }
      report(
        KQLDiagnostics.mixedTypes(current, value.type, at: value.span ?? span))
      return nil
    }
    return result
  }

  /// Binds a call of a `let` function: parameters become `let` names of the body; trailing parameters with a
  /// default (`n: long = 5`) may be left out, and then read their default, bound where the function is defined.
  mutating func invoke(
    _ function: LetFunction, named name: KQLIdentifier, arguments: [KQLExpression], scope: Scope
  ) -> StatementsValue? {
    let total = function.parameters.count
    let required = function.parameters.lastIndex { $0.defaultValue == nil }.map { $0 + 1 } ?? 0
    guard (required...total).contains(arguments.count) else {
      report(
        KQLDiagnostics.argumentCount(
          name.name, expected: required == total ? "\(total)" : "\(required) to \(total)", got: arguments.count,
          at: name.span))
      return nil
    }
    guard enterFunction(name) else { return nil }
    defer { callDepth -= 1 }
    var lets = function.lets
    let definition = Scope(columns: [], description: "the function's parameters", lets: function.lets)
    for parameter in function.parameters.dropFirst(arguments.count) {
      guard let defaultValue = parameter.defaultValue else { continue }
      lets[parameter.name.name] = bindScalar(defaultValue, in: definition).map(LetBinding.scalar) ?? .error
    }
    for (parameter, argument) in zip(function.parameters, arguments) {
      if parameter.typeName.name == "table" {
        let table = bindTabular(argument, lets: scope.lets)
        lets[parameter.name.name] = table.relation.map(LetBinding.tabular) ?? .error
      } else {
        lets[parameter.name.name] = bindScalar(argument, in: scope).map(LetBinding.scalar) ?? .error
      }
    }
    return bindStatements(function.body, lets: &lets)
  }
}
