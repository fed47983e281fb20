import SpoorCatalog
import SpoorDiagnostics
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

  /// Scalar functions Spoor translates (for suggestions).
  static let scalarFunctionNames: [String] = [
    "ago", "now", "bin", "floor", "startofday", "startofweek", "startofmonth", "startofyear",
    "endofday",
    "datetime_diff", "datetime_add", "format_datetime", "datetime_utc_to_local", "datetime_local_to_utc",
    "dayofweek", "hourofday", "dayofmonth",
    "getyear", "getmonth",
    "todatetime", "totimespan", "tostring", "toint", "tolong", "todouble", "toreal", "tobool",
    "toboolean",
    "tolower", "toupper", "strlen", "substring", "strcat", "strcat_delim", "split",
    "replace_string",
    "replace_regex", "replace", "extract", "extract_all", "trim", "trim_start", "trim_end",
    "indexof", "countof",
    "isnull", "isnotnull", "isempty", "isnotempty", "iff", "iif", "case", "coalesce", "parse_json",
    "todynamic",
    "toobject", "array_length", "bag_keys", "parse_path", "parse_url", "parse_command_line",
    "base64_decode_tostring", "base64_decodestring", "ipv4_is_private", "ipv4_is_in_range",
    "ipv4_is_match",
    "hash_sha256", "tohex", "not", "toscalar", "unixtime_milliseconds_todatetime",
    "unixtime_seconds_todatetime",
    "notnull", "notempty", "todecimal", "round",
  ]

  /// Kusto scalar functions Spoor recognises but does not translate.
  static let unsupportedFunctionNames: Set<String> = [
    "pack", "pack_all", "bag_pack", "pack_array", "zip", "array_concat", "array_slice",
    "array_sort_asc",
    "array_sort_desc", "array_index_of", "array_reverse", "array_split", "array_sum", "set_union",
    "set_intersect",
    "set_difference", "set_has_element", "url_decode", "url_encode", "base64_encode_tostring",
    "base64_encodestring",
    "hash", "hash_md5", "hash_sha1", "hash_combine", "geo_info_from_ip_address", "parse_ipv4",
    "parse_ipv6",
    "parse_ipv4_mask", "ipv6_compare", "ipv6_is_match", "ipv4_compare", "format_ipv4",
    "format_ipv4_mask",
    "column_ifexists", "strrep", "reverse", "make_datetime", "make_timespan", "abs", "log", "log10",
    "log2",
    "exp", "pow", "sqrt", "ceiling", "sign", "rand", "row_cumsum", "row_rank_dense", "row_rank_min",
    "series_decompose", "series_fir", "series_stats", "translate", "unicode_codepoints_to_string",
    "unicode_codepoints_from_string", "parse_xml", "parse_csv", "parse_user_agent", "parse_version",
    "bag_merge", "bag_remove_keys", "bag_has_key", "treepath", "gettype", "toguid", "strcat_array",
    "tostring_utf8",
    "week_of_year", "dayofyear", "monthofyear", "getyear_", "endofweek", "endofmonth", "endofyear",
    "bin_at",
    "bin_auto", "extract_json", "extractjson", "has_any_index", "has_ipv4", "has_ipv4_prefix",
    "current_database",
    "current_principal", "cursor_after", "ingestion_time", "new_guid", "estimate_data_size",
    "datetime_part",
    "format_timespan", "todatetime_", "strcmp",
    "string_size",
    "isascii", "isutf8", "to_utf8", "max_of", "min_of", "exp10", "exp2", "gamma", "isnan", "isinf",
    "isfinite",
    "unixtime_microseconds_todatetime", "unixtime_nanoseconds_todatetime",
  ]

  /// Binds a call of a scalar function, a let function or a type-conversion literal.
  mutating func bindCall(
    _ name: Identifier, _ syntaxArguments: [Expression], span: Span, in scope: Scope
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
    if Self.windowFunctionNames.contains(function) {
      report(KQLDiagnostics.unsupported("\(function)() outside extend or serialize", at: name.span))
      return nil
    }
    if Self.aggregateNames.contains(function) {
      report(KQLDiagnostics.aggregateOutsideSummarize(function, at: name.span))
      return nil
    }
    if Self.unsupportedFunctionNames.contains(function) {
      report(KQLDiagnostics.unsupported("function '\(function)'", at: name.span))
      return nil
    }
    guard Self.scalarFunctionNames.contains(function) || Self.typeConversions[function] != nil
    else {
      let candidates =
        Self.scalarFunctionNames
        + scope.lets.compactMap { key, value in
          if case .function = value { return key }
          return nil
        }
      report(
        KQLDiagnostics.unknownFunction(
          function, at: name.span, help: NameSuggester.help(for: function, among: candidates)))
      return nil
    }
    var arguments: [ScalarExpression] = []
    var failed = false
    for argument in syntaxArguments {
      if let value = bindScalar(argument, in: scope) {
        arguments.append(value)
      } else {
        failed = true
      }
    }
    guard !failed else { return nil }
    return bindBuiltIn(
      function, arguments, syntaxArguments: syntaxArguments, name: name, span: span)
  }

  /// Type names callable as conversions: `int(5)`, `long(x)`, `real(1)`, `string(x)`, `bool(1)`.
  static let typeConversions: [String: (ScalarFunction, DataType)] = [
    "int": (.toInt, .int), "long": (.toLong, .long), "real": (.toReal, .real),
    "double": (.toReal, .real),
    "bool": (.toBool, .bool), "boolean": (.toBool, .bool), "string": (.toString, .string),
  ]

  mutating func arity(_ name: Identifier, _ count: Int, _ allowed: ClosedRange<Int>, _ span: Span)
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
      KQLDiagnostics.typeMismatch(
        "\(what) must be \(types.map(\.rawValue).sorted().joined(separator: " or ")), not \(value.type.rawValue)",
        at: value.span ?? span))
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
    _ function: String, _ arguments: [ScalarExpression], syntaxArguments: [Expression],
    name: Identifier, span: Span
  ) -> ScalarExpression? {
    let count = arguments.count
    let timeTypes: Set<DataType> = [.datetime]
    switch function {
    case "not":
      guard arity(name, count, 1...1, span), requireBool(arguments[0], span) else { return nil }
      if case .literal(.bool(let value)) = arguments[0].kind {
        return .literal(.bool(!value), span: span)
      }
      return call(.not, arguments, .bool, span)
    case "ago":
      guard arity(name, count, 1...1, span),
        expectType(arguments[0], [.timespan], "ago's argument", span)
      else {
        return nil
      }
      return call(.subtract, [call(.now, [], .datetime, name.span), arguments[0]], .datetime, span)
    case "now":
      guard arity(name, count, 0...1, span) else { return nil }
      let clock = call(.now, [], .datetime, span)
      guard count == 1 else { return clock }
      guard expectType(arguments[0], [.timespan], "now's offset", span) else { return nil }
      return call(.add, [clock, arguments[0]], .datetime, span)
    case "bin", "floor":
      guard arity(name, count, 2...2, span) else { return nil }
      let value = arguments[0]
      let size = arguments[1]
      let fits =
        (value.type.isNumeric && size.type.isNumeric)
        || (value.type == .datetime && size.type == .timespan)
        || (value.type == .timespan && size.type == .timespan)
      guard fits else {
        report(
          KQLDiagnostics.typeMismatch(
            "bin cannot round a \(value.type.rawValue) value by a \(size.type.rawValue) size",
            at: span))
        return nil
      }
      let type: DataType = value.type.isNumeric && size.type == .real ? .real : value.type
      return call(.bin, arguments, type, span)
    case "startofday", "startofweek", "startofmonth", "startofyear", "endofday":
      guard arity(name, count, 1...2, span),
        expectType(arguments[0], timeTypes, "\(function)'s argument", span)
      else { return nil }
      guard count == 1 else {
        report(
          KQLDiagnostics.unsupported(
            "the offset argument of \(function)", at: arguments[1].span ?? span))
        return nil
      }
      let mapping: [String: ScalarFunction] = [
        "startofday": .startOfDay, "startofweek": .startOfWeek, "startofmonth": .startOfMonth,
        "startofyear": .startOfYear, "endofday": .endOfDay,
      ]
      return call(mapping[function]!, arguments, .datetime, span)
    case "datetime_diff":
      guard arity(name, count, 3...3, span),
        expectConstantString(arguments[0], "the part of datetime_diff", span),
        expectType(arguments[1], timeTypes, "datetime_diff's second argument", span),
        expectType(arguments[2], timeTypes, "datetime_diff's third argument", span)
      else { return nil }
      return call(.datetimeDiff, arguments, .long, span)
    case "datetime_add":
      guard arity(name, count, 3...3, span),
        expectConstantString(arguments[0], "the part of datetime_add", span),
        expectType(arguments[1], [.int, .long], "datetime_add's amount", span),
        expectType(arguments[2], timeTypes, "datetime_add's datetime", span)
      else { return nil }
      return call(.datetimeAdd, arguments, .datetime, span)
    case "format_datetime":
      guard arity(name, count, 2...2, span),
        expectType(arguments[0], timeTypes, "format_datetime's value", span),
        expectConstantString(arguments[1], "the format of format_datetime", span)
      else { return nil }
      return call(.formatDatetime, arguments, .string, span)
    case "datetime_utc_to_local", "datetime_local_to_utc":
      guard arity(name, count, 2...2, span),
        expectType(arguments[0], timeTypes, "\(function)'s value", span),
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
      guard arity(name, count, 1...1, span),
        expectType(arguments[0], timeTypes, "\(function)'s argument", span)
      else { return nil }
      let mapping: [String: (ScalarFunction, DataType)] = [
        "dayofweek": (.dayOfWeek, .timespan), "hourofday": (.hourOfDay, .int),
        "dayofmonth": (.dayOfMonth, .int),
        "getyear": (.getYear, .int), "getmonth": (.getMonth, .int),
      ]
      let (plan, type) = mapping[function]!
      return call(plan, arguments, type, span)
    case "round":
      guard arity(name, count, 1...2, span),
        expectType(arguments[0], [.int, .long, .real], "round's value", span),
        count == 1 || expectType(arguments[1], [.int, .long], "round's precision", span)
      else { return nil }
      return call(.round, arguments, arguments[0].type == .real ? .real : .long, span)
    case "unixtime_milliseconds_todatetime", "unixtime_seconds_todatetime":
      guard arity(name, count, 1...1, span),
        expectType(arguments[0], [.int, .long, .real], "its argument", span)
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
      guard arity(name, count, 1...1, span) else { return nil }
      if case .literal(.string(let text)) = arguments[0].kind {
        guard let micro = Self.parseDatetime(text) else {
          return .literal(.null(.datetime), span: span)
        }
        return .literal(.datetime(microseconds: micro), span: span)
      }
      if arguments[0].type == .datetime { return arguments[0] }
      return call(.toDatetime, arguments, .datetime, span)
    case "totimespan":
      guard arity(name, count, 1...1, span) else { return nil }
      if arguments[0].type == .timespan { return arguments[0] }
      return call(.toTimespan, arguments, .timespan, span)
    case "tostring":
      guard arity(name, count, 1...1, span) else { return nil }
      if arguments[0].type == .string { return arguments[0] }
      return call(.toString, arguments, .string, span)
    case "toint", "tolong", "todouble", "toreal", "todecimal", "tobool", "toboolean":
      guard arity(name, count, 1...1, span) else { return nil }
      let mapping: [String: (ScalarFunction, DataType)] = [
        "toint": (.toInt, .int), "tolong": (.toLong, .long), "todouble": (.toReal, .real),
        "toreal": (.toReal, .real), "todecimal": (.toReal, .real),
        "tobool": (.toBool, .bool), "toboolean": (.toBool, .bool),
      ]
      let (plan, type) = mapping[function]!
      return call(plan, arguments, type, span)
    case "parse_json", "todynamic", "toobject":
      guard arity(name, count, 1...1, span) else { return nil }
      if arguments[0].type == .dynamic { return arguments[0] }
      return call(.toDynamic, [asString(arguments[0])], .dynamic, span)
    case "tolower", "toupper":
      guard arity(name, count, 1...1, span) else { return nil }
      return call(function == "tolower" ? .lower : .upper, [asString(arguments[0])], .string, span)
    case "strlen":
      guard arity(name, count, 1...1, span) else { return nil }
      return call(.length, [asString(arguments[0])], .long, span)
    case "substring":
      guard arity(name, count, 2...3, span),
        expectType(arguments[1], [.int, .long], "substring's start", span),
        count == 2 || expectType(arguments[2], [.int, .long], "substring's length", span)
      else { return nil }
      return call(.substring, [asString(arguments[0])] + arguments.dropFirst(), .string, span)
    case "strcat":
      guard arity(name, count, 1...64, span) else { return nil }
      return call(.concat, arguments.map(asString), .string, span)
    case "strcat_delim":
      guard arity(name, count, 3...65, span) else { return nil }
      return call(.concatWithDelimiter, arguments.map(asString), .string, span)
    case "split":
      guard arity(name, count, 2...3, span) else { return nil }
      let tail: [ScalarExpression] = count == 3 ? [arguments[2]] : []
      return call(.split, [asString(arguments[0]), asString(arguments[1])] + tail, .dynamic, span)
    case "replace_string":
      guard arity(name, count, 3...3, span) else { return nil }
      return call(.replaceString, arguments.map(asString), .string, span)
    case "replace_regex", "replace":
      guard arity(name, count, 3...3, span) else { return nil }
      // `replace(regex, rewrite, text)` is the deprecated spelling with a different argument order.
      let ordered = function == "replace" ? [arguments[2], arguments[0], arguments[1]] : arguments
      guard expectConstantString(ordered[1], "the regular expression of \(function)", span) else {
        return nil
      }
      return call(.replaceRegex, ordered.map(asString), .string, span)
    case "extract":
      guard arity(name, count, 3...4, span),
        expectConstantString(arguments[0], "the regular expression of extract", span),
        expectType(arguments[1], [.int, .long], "extract's capture group", span)
      else { return nil }
      let extracted = call(
        .extractRegex, [arguments[0], arguments[1], asString(arguments[2])], .string, span)
      guard count == 4 else { return extracted }
      guard case .call(let conversion, _) = arguments[3].kind,
        let target = Self.targetType(conversion)
      else {
        report(
          KQLDiagnostics.unsupported("this result type of extract", at: arguments[3].span ?? span))
        return nil
      }
      return call(conversion, [extracted], target, span)
    case "extract_all":
      guard arity(name, count, 2...2, span) else {
        return nil
      }
      guard expectConstantString(arguments[0], "the regular expression of extract_all", span) else {
        return nil
      }
      return call(.extractAllRegex, [arguments[0], asString(arguments[1])], .dynamic, span)
    case "trim", "trim_start", "trim_end":
      guard arity(name, count, 2...2, span),
        expectConstantString(arguments[0], "the pattern of \(function)", span)
      else { return nil }
      let plan: ScalarFunction =
        function == "trim" ? .trimRegex : function == "trim_start" ? .trimStartRegex : .trimEndRegex
      return call(plan, [arguments[0], asString(arguments[1])], .string, span)
    case "indexof":
      guard arity(name, count, 2...5, span) else { return nil }
      guard count == 2 else {
        report(
          KQLDiagnostics.unsupported(
            "indexof with start, length or occurrence", at: arguments[2].span ?? span))
        return nil
      }
      return call(.indexOf, arguments.map(asString), .long, span)
    case "countof":
      guard arity(name, count, 2...3, span) else { return nil }
      if count == 3 {
        guard case .literal(.string(let kind)) = arguments[2].kind, kind == "normal" else {
          report(
            KQLDiagnostics.unsupported("countof with kind=regex", at: arguments[2].span ?? span))
          return nil
        }
      }
      return call(.countOf, [asString(arguments[0]), asString(arguments[1])], .long, span)
    case "isnull", "isnotnull", "notnull":
      guard arity(name, count, 1...1, span) else { return nil }
      // KQL strings are never null: isnull(string) is false, isnotnull(string) is true.
      if arguments[0].type == .string { return .literal(.bool(function != "isnull"), span: span) }
      return call(function == "isnull" ? .isNull : .isNotNull, arguments, .bool, span)
    case "isempty", "isnotempty", "notempty":
      guard arity(name, count, 1...1, span) else { return nil }
      return call(function == "isempty" ? .isEmpty : .isNotEmpty, arguments, .bool, span)
    case "iff", "iif":
      guard arity(name, count, 3...3, span), requireBool(arguments[0], syntaxArguments[0].span),
        let type = unifiedType([arguments[1], arguments[2]], span)
      else { return nil }
      return ScalarExpression(
        .caseWhen(
          [WhenClause(condition: arguments[0], value: arguments[1])], otherwise: arguments[2]),
        type: type,
        span: span)
    case "case":
      guard count >= 3, count % 2 == 1 else {
        report(
          KQLDiagnostics.argumentCount(
            function, expected: "an odd number (at least 3) of", got: count, at: span))
        return nil
      }
      var clauses: [WhenClause] = []
      for index in stride(from: 0, to: count - 1, by: 2) {
        guard requireBool(arguments[index], syntaxArguments[index].span) else { return nil }
        clauses.append(WhenClause(condition: arguments[index], value: arguments[index + 1]))
      }
      guard let type = unifiedType(clauses.map(\.value) + [arguments[count - 1]], span) else {
        return nil
      }
      return ScalarExpression(
        .caseWhen(clauses, otherwise: arguments[count - 1]), type: type, span: span)
    case "coalesce":
      guard arity(name, count, 1...64, span), let type = unifiedType(arguments, span) else {
        return nil
      }
      guard type == .string else { return call(.coalesce, arguments, type, span) }
      // Kusto strings are never null: coalesce returns the first non-empty string, else "".
      let arms = arguments.map { argument in
        WhenClause(condition: call(.isNotEmpty, [argument], .bool, span), value: argument)
      }
      return ScalarExpression(.caseWhen(arms, otherwise: .literal(.string(""), span: span)), type: .string, span: span)
    case "array_length":
      guard arity(name, count, 1...1, span), let value = requireDynamic(arguments[0], span) else {
        return nil
      }
      return call(.arrayLength, [value], .long, span)
    case "bag_keys":
      guard arity(name, count, 1...1, span), let value = requireDynamic(arguments[0], span) else {
        return nil
      }
      return call(.bagKeys, [value], .dynamic, span)
    case "parse_path", "parse_url":
      guard arity(name, count, 1...1, span) else { return nil }
      return call(
        function == "parse_path" ? .parsePath : .parseURL, [asString(arguments[0])], .dynamic, span)
    case "parse_command_line":
      guard arity(name, count, 2...2, span),
        expectConstantString(arguments[1], "the parser kind", span)
      else {
        return nil
      }
      // Kusto knows one parser type, "windows" (CommandLineToArgvW's rules); any other is an error.
      guard case .literal(.string("windows")) = arguments[1].kind else {
        report(
          KQLDiagnostics.invalidLiteral(
            "unknown parser type for parse_command_line; the only parser type is \"windows\"",
            at: arguments[1].span ?? span))
        return nil
      }
      return call(.parseCommandLine, [asString(arguments[0]), arguments[1]], .dynamic, span)
    case "base64_decode_tostring", "base64_decodestring":
      guard arity(name, count, 1...1, span) else { return nil }
      return call(.base64DecodeToString, [asString(arguments[0])], .string, span)
    case "ipv4_is_private":
      guard arity(name, count, 1...1, span) else { return nil }
      return call(.ipv4IsPrivate, [asString(arguments[0])], .bool, span)
    case "ipv4_is_in_range":
      guard arity(name, count, 2...2, span) else { return nil }
      return call(.ipv4IsInRange, arguments.map(asString), .bool, span)
    case "ipv4_is_match":
      guard arity(name, count, 2...3, span) else { return nil }
      let tail: [ScalarExpression] = count == 3 ? [arguments[2]] : []
      return call(
        .ipv4IsMatch, [asString(arguments[0]), asString(arguments[1])] + tail, .bool, span)
    case "hash_sha256":
      guard arity(name, count, 1...1, span) else { return nil }
      return call(.hashSHA256, [asString(arguments[0])], .string, span)
    case "tohex":
      guard arity(name, count, 1...2, span),
        expectType(arguments[0], [.int, .long], "tohex's value", span)
      else {
        return nil
      }
      return call(.toHex, arguments, .string, span)
    case "strcat_array":
      guard arity(name, count, 2...2, span) else { return nil }
      report(KQLDiagnostics.unsupported("function 'strcat_array'", at: name.span))
      return nil
    default:
      guard let (plan, type) = Self.typeConversions[function], arity(name, count, 1...1, span)
      else { return nil }
      if arguments[0].type == type { return arguments[0] }
      return call(plan, arguments, type, span)
    }
  }

  /// The result type of a conversion function.
  static func targetType(_ function: ScalarFunction) -> DataType? {
    switch function {
    case .toInt: return .int
    case .toLong: return .long
    case .toReal: return .real
    case .toBool: return .bool
    case .toString: return .string
    case .toDatetime: return .datetime
    case .toTimespan: return .timespan
    case .toDynamic: return .dynamic
    default: return nil
    }
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
        KQLDiagnostics.typeMismatch(
          "values of types \(current.rawValue) and \(value.type.rawValue) cannot be mixed here",
          at: value.span ?? span))
      return nil
    }
    return result
  }

  /// Binds a call of a `let` function: parameters become `let` names of the body.
  mutating func invoke(
    _ function: LetFunction, named name: Identifier, arguments: [Expression], scope: Scope
  ) -> StatementsValue? {
    guard arguments.count == function.parameters.count else {
      report(
        KQLDiagnostics.argumentCount(
          name.name, expected: "\(function.parameters.count)", got: arguments.count, at: name.span))
      return nil
    }
    guard enterFunction(name) else { return nil }
    defer { callDepth -= 1 }
    var lets = function.lets
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
