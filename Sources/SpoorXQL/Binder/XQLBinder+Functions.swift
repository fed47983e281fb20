import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

extension XQLBinder {
  mutating func bindCall(_ name: XQLName, _ arguments: [XQLExpression], span: Span, _ context: XQLNameContext)
    -> XQLBound?
  {
    let function = name.text.lowercased()
    guard let entry = XQLFunctions.scalars[function] else {
      if XQLFunctions.aggregates[function] != nil {
        report(XQLDiagnostics.aggregateOutsideComp(name.text, name.span))
      } else if let instead = XQLFunctions.foreignByName[function] {
        report(XQLDiagnostics.notAnXQLFunction(name.text, name.span, instead: instead))
      } else {
        report(
          XQLDiagnostics.unknownFunction(
            name.text, name.span, help: NameSuggester.help(for: name.text, among: XQLFunctions.translatedScalarNames)))
      }
      return nil
    }
    if case .unsupported(let reason) = entry.status {
      // A JSONPath of keys and indexes only is what json_extract reads: say so.
      var help: String?
      if function == "json_path_extract", arguments.count == 2, case .string(let path, _) = arguments[1].kind,
        path.hasPrefix("$"), !path.contains(".."), !path.contains(where: { "*?@:,()".contains($0) })
      {
        help = XQLDiagnostics.jsonPathExtractInstead(path)
      }
      report(XQLDiagnostics.unsupportedFunction(name.text, name.span, reason: reason, help: help))
      return nil
    }
    guard entry.arity.contains(arguments.count) else {
      report(XQLDiagnostics.argumentCount(name.text, expected: entry.arityText, found: arguments.count, span))
      return nil
    }
    if let lambda = Self.elementFunctions[function] {
      return bindElementFunction(lambda, function, arguments, span: span, context)
    }
    if function == "format_string" { return bindFormatString(arguments, span: span, context) }
    var arguments = arguments
    var bound: [XQLBound?] = []
    if function.hasPrefix("json_extract"), let value = jsonValueOfJSONString(arguments[0], context) {
      arguments[0] = value.syntax
      bound = [value.bound]
    }
    bound += arguments[bound.count...].map { bind($0, context) }
    let args = bound.compactMap { $0 }
    guard args.count == arguments.count else { return nil }
    func call(_ f: ScalarFunction, _ values: [ScalarExpression], _ type: DataType) -> XQLBound {
      XQLBound(expression: .call(f, values, type: type, span: span))
    }
    func string(_ index: Int) -> ScalarExpression? {
      stringOperand(args[index], function, arguments[index].span)
    }
    switch function {
    case "lowercase", "uppercase", "len", "to_string":
      if function == "to_string", args[0].type == .datetime {
        report(XQLDiagnostics.toStringOfTimestamp(arguments[0].span))
        return nil
      }
      guard let value = string(0) else { return nil }
      let mapping: [String: (ScalarFunction, DataType)] = [
        "lowercase": (.lower, .string), "uppercase": (.upper, .string), "len": (.length, .long),
        "to_string": (.toString, .string),
      ]
      guard let (f, type) = mapping[function] else { return nil }
      return call(f, [function == "to_string" ? args[0].expression : value], type)
    case "concat":
      let values = args.indices.compactMap { string($0) }
      guard values.count == args.count else { return nil }
      return call(.concat, values, .string)
    case "coalesce":
      let values = args.filter { $0.literal != .null }
      let type = values.first?.type ?? .string
      // A string beside values of another type (a JSON field's value, a number) makes the result their text.
      let mixesText = values.contains { $0.type != type } && values.contains { $0.type == .string }
      return call(.coalesce, args.map(\.expression), mixesText ? .string : type)
    case "if":
      return bindIf(args, arguments, span: span)
    case "to_integer":
      return call(.toLong, [args[0].expression], .long)
    case "to_number", "to_float":
      return call(.toReal, [args[0].expression], .real)
    case "json_extract", "json_extract_scalar", "json_extract_array":
      guard case .string = args[1].literal else {
        report(XQLDiagnostics.notALiteral(.jsonPath, arguments[1].span))
        return nil
      }
      // json_extract gives JSON text (a string value keeps its quotes), as BigQuery's JSON_EXTRACT under XQL does:
      // string functions take it as it is, and the JSON functions parse it again.
      let mapping: [String: (ScalarFunction, DataType)] = [
        "json_extract": (.jsonExtract, .string), "json_extract_scalar": (.jsonExtractScalar, .string),
        "json_extract_array": (.jsonExtractArray, .dynamic),
      ]
      guard let (f, type) = mapping[function] else { return nil }
      return call(f, [args[0].expression, args[1].expression], type)
    case "arrayindex":
      guard args[1].type == .long || args[1].type == .int else {
        report(XQLDiagnostics.arrayIndexType(arguments[1].span))
        return nil
      }
      // XQL arrays hold strings (regextract, split, json_extract_array's JSON texts): an element is a string.
      return call(.memberText, [args[0].expression, args[1].expression], .string)
    case "array_length":
      return call(.arrayLength, [args[0].expression], .long)
    case "split":
      guard let value = string(0) else { return nil }
      let delimiter = args.count == 2 ? string(1) : .literal(.string(" "))
      guard let delimiter else { return nil }
      return call(.split, [value, delimiter], .dynamic)
    case "replace":
      guard let value = string(0), let old = string(1), let new = string(2) else { return nil }
      return call(.replaceString, [value, old, new], .string)
    case "incidr", "incidr6":
      guard let test = inCIDR(args[0], args[1], leftSpan: arguments[0].span, rightSpan: arguments[1].span, span: span)
      else { return nil }
      return XQLBound(expression: test)
    case "current_time":
      return call(.now, [], .datetime)
    case "extract_time":
      return bindExtractTime(args, arguments, span: span)
    case "timestamp_diff":
      return bindTimestampDiff(args, arguments, span: span)
    case "format_timestamp":
      return bindFormatTimestamp(args, arguments, span: span)
    case "parse_timestamp", "parse_epoch":
      return bindParseTimestamp(function, args, arguments, span: span)
    case "to_boolean":
      return call(.toBool, [args[0].expression], .bool)
    case "trim", "ltrim", "rtrim":
      guard let value = string(0) else { return nil }
      var characterClass = "\\s"
      if args.count == 2 {
        guard case .string(let characters) = args[1].literal, !characters.isEmpty else {
          report(
            XQLDiagnostics.trimCharacters(arguments[1].span))
          return nil
        }
        characterClass = characters.map { "\\^-[]".contains($0) ? "\\\($0)" : String($0) }.joined()
      }
      let f: ScalarFunction = function == "trim" ? .trimRegex : function == "ltrim" ? .trimStartRegex : .trimEndRegex
      return call(f, [.literal(.string("[\(characterClass)]")), value], .string)
    case "string_count":
      guard let value = string(0), let part = string(1) else { return nil }
      return call(.countOf, [value, part], .long)
    case "convert_from_base_64":
      guard let value = string(0) else { return nil }
      return call(.base64DecodeToString, [value], .string)
    case "sha256":
      guard let value = string(0) else { return nil }
      return call(.hashSHA256, [value], .string)
    case "to_epoch", "to_timestamp", "timestamp_seconds":
      return bindEpochConversion(function, args, arguments, span: span)
    case "add", "subtract", "multiply", "divide":
      let op: XQLBinaryOperator = ["add": .add, "subtract": .subtract, "multiply": .multiply][function] ?? .divide
      return bindBinary(op, arguments[0], arguments[1], span: span, context)
    case "ip_to_int":
      guard let value = string(0) else { return nil }
      return call(.parseIPv4, [value], .long)
    case "int_to_ip":
      return bindIntToIP(args[0], arguments[0].span, span: span)
    case "incidrlist":
      guard let list = string(0) else { return nil }
      // True when any address of the comma-separated list (spaces around each allowed) is in the range.
      let element = ScalarExpression.column(ScalarExpression.arrayElementName, .string)
      let address = ScalarExpression.call(.trimRegex, [.literal(.string("[\\s]")), element], type: .string)
      guard
        let test = inCIDR(
          XQLBound(expression: address), args[1], leftSpan: arguments[0].span, rightSpan: arguments[1].span,
          span: span)
      else { return nil }
      let addresses = ScalarExpression.call(.split, [list, .literal(.string(","))], type: .dynamic)
      return call(.arrayAny, [addresses, test], .bool)
    case "is_known_private_ipv4":
      guard let value = string(0) else { return nil }
      return call(.ipv4IsPrivate, [value], .bool)
    case "wildcard_match":
      guard let value = string(0) else { return nil }
      guard case .string(let pattern) = args[1].literal, !pattern.contains("?") else {
        report(
          XQLDiagnostics.wildcardPattern(arguments[1].span))
        return nil
      }
      return call(.wildcardMatch(caseSensitive: context.caseSensitive), [value, .literal(.string(pattern))], .bool)
    case "regextract":
      return bindRegextract(args, arguments, span: span)
    case "replex":
      guard let value = string(0) else { return nil }
      guard case .string = args[1].literal, case .string = args[2].literal else {
        report(
          XQLDiagnostics.replexArguments(arguments[1].span.union(arguments[2].span)))
        return nil
      }
      // RE2's `\1` group references read as PostgreSQL's; every match is replaced, as BigQuery's REGEXP_REPLACE does.
      return call(.replaceRegex, [value, args[1].expression, args[2].expression], .string)
    case "floor", "round":
      guard args[0].type.isNumeric else {
        report(
          XQLDiagnostics.needs(function, .number, found: args[0].type.rawValue, arguments[0].span))
        return nil
      }
      if args[0].type != .real { return XQLBound(expression: args[0].expression) }
      // floor: the largest integer not above; round: half away from zero (BigQuery's ROUND).
      if function == "round" { return call(.round, [args[0].expression], .long) }
      return call(.bin, [args[0].expression, .literal(.long(1))], .long)
    case "date_floor":
      return bindDateFloor(args, arguments, span: span)
    case "arraycreate":
      return call(.arrayCreate, args.map(\.expression), .dynamic)
    case "object_create":
      guard args.count % 2 == 0 else {
        report(XQLDiagnostics.objectCreatePairs(span))
        return nil
      }
      var pairs: [ScalarExpression] = []
      for (index, arg) in args.enumerated() {
        guard index % 2 == 1 else {
          guard let key = string(index) else { return nil }
          pairs.append(key)
          continue
        }
        pairs.append(arg.expression)
      }
      return call(.objectCreate, pairs, .dynamic)
    case "arrayconcat", "arraydistinct", "arraystring", "arraymerge", "object_merge", "json_extract_scalar_array",
      "arrayrange":
      return bindArrayFunction(function, args, arguments, span: span)
    case "md5":
      guard let value = string(0) else { return nil }
      return call(.hashMD5, [value], .string)
    case "pow":
      for index in 0..<2 where !args[index].type.isNumeric {
        report(
          XQLDiagnostics.needs("pow", .numbers, found: args[index].type.rawValue, arguments[index].span))
        return nil
      }
      return call(.power, [args[0].expression, args[1].expression], .real)
    case "is_ipv4", "is_ipv6":
      guard let value = string(0) else { return nil }
      return call(function == "is_ipv4" ? .isIPv4 : .isIPv6, [value], .bool)
    case "is_known_private_ipv6":
      // fc00::/7, the unique local addresses; true or false, as incidr6.
      guard let value = string(0) else { return nil }
      return call(.inCIDR, [value, .literal(.string("fc00::/7"), span: span)], .bool)
    case "to_json_string":
      guard [.string, .long, .int, .bool].contains(args[0].type), args[0].literal != .null else {
        report(
          XQLDiagnostics.toJSONStringType(args[0].type.rawValue, arguments[0].span))
        return nil
      }
      return call(.jsonText, [args[0].expression], .string)
    default:
      report(XQLDiagnostics.unsupportedFunction(name.text, name.span))
      return nil
    }
  }

  /// `v` of `to_json_string(v)`, and its binding, when `v` is a JSON value (an object or array field).
  ///
  /// `json_extract*` parses the text again, so it reads `v` itself and the text's spelling (undocumented for
  /// objects) does not matter; the binding is the one the caller uses, not bound a second time.
  mutating func jsonValueOfJSONString(_ argument: XQLExpression, _ context: XQLNameContext)
    -> (syntax: XQLExpression, bound: XQLBound)?
  {
    guard case .call(let name, let inner) = argument.kind, name.text.lowercased() == "to_json_string",
      inner.count == 1
    else { return nil }
    let mark = diagnostics.count
    guard let value = bind(inner[0], context), value.type == .dynamic else {
      // Not a JSON value: the whole call is bound as written, and reports what it finds then.
      diagnostics.removeLast(diagnostics.count - mark)
      return nil
    }
    return (inner[0], value)
  }

  /// The functions that take an `"@element"` expression as their second argument.
  static let elementFunctions: [String: (function: ScalarFunction, type: DataType)] = [
    "arraymap": (.arrayMap, .dynamic), "arrayfilter": (.arrayFilter, .dynamic), "array_any": (.arrayAny, .bool),
    "array_all": (.arrayAll, .bool), "arrayindexof": (.arrayFirstIndex, .long),
  ]

  /// `arraymap(a, e)`, `arrayfilter(a, c)`, `arrayindexof(a, c)`, `array_any(a, c)`, `array_all(a, c)`: the second
  /// argument reads each element of the array as `"@element"` (its text), and may read the row's fields too.
  mutating func bindElementFunction(
    _ lambda: (function: ScalarFunction, type: DataType), _ name: String, _ arguments: [XQLExpression], span: Span,
    _ context: XQLNameContext
  ) -> XQLBound? {
    let array = bind(arguments[0], context)?.jsonIfDocumentField
    var inner = context
    inner.readsArrayElement = true
    let body = bind(arguments[1], inner)
    guard let array, let body else { return nil }
    guard array.type == .dynamic else {
      report(XQLDiagnostics.needs(name, .array, found: array.type.rawValue, arguments[0].span))
      return nil
    }
    if lambda.function != .arrayMap, body.type != .bool {
      report(
        XQLDiagnostics.elementCondition(name, body.type.rawValue, arguments[1].span))
      return nil
    }
    return XQLBound(
      expression: .call(lambda.function, [array.expression, body.expression], type: lambda.type, span: span))
  }

  /// The array and object functions whose arguments are arrays or objects (jsonb).
  mutating func bindArrayFunction(_ function: String, _ args: [XQLBound], _ arguments: [XQLExpression], span: Span)
    -> XQLBound?
  {
    let objects = function == "object_merge"
    let jsonArguments =
      function == "json_extract_scalar_array"
      ? 0 : function == "arraystring" || function == "arrayrange" ? 1 : args.count
    var args = args
    for index in 0..<jsonArguments { args[index] = args[index].jsonIfDocumentField }
    for index in 0..<jsonArguments where args[index].type != .dynamic && !(objects && args[index].type == .string) {
      report(
        XQLDiagnostics.needs(
          function, objects ? .object : .array, found: args[index].type.rawValue, arguments[index].span))
      return nil
    }
    func call(_ f: ScalarFunction, _ values: [ScalarExpression], _ type: DataType) -> XQLBound {
      XQLBound(expression: .call(f, values, type: type, span: span))
    }
    switch function {
    case "arrayconcat": return call(.arrayConcat, args.map(\.expression), .dynamic)
    // One array's distinct elements in order of first appearance.
    case "arraydistinct": return call(.setUnion, [args[0].expression], .dynamic)
    case "arraymerge": return call(.arrayFlatten, [args[0].expression], .dynamic)
    // The later object wins on a shared key: bag_merge keeps the leftmost, so the objects are given right to left.
    case "object_merge": return call(.bagMerge, args.reversed().map(\.expression), .dynamic)
    case "json_extract_scalar_array":
      guard case .string = args[1].literal else {
        report(XQLDiagnostics.notALiteral(.jsonPath, arguments[1].span))
        return nil
      }
      let array = ScalarExpression.call(.jsonExtract, [args[0].expression, args[1].expression], type: .dynamic)
      return call(.arrayMap, [array, .column(ScalarExpression.arrayElementName, .string)], .dynamic)
    case "arraystring":
      guard let delimiter = stringOperand(args[1], function, arguments[1].span) else { return nil }
      return call(.arrayJoin, [args[0].expression, delimiter], .string)
    default:
      // arrayrange(a, start, end): elements start to end - 1, as non-negative integer literals.
      guard case .number(let first) = args[1].literal, case .number(let last) = args[2].literal,
        let start = Int64(first), let end = Int64(last), start >= 0, end > start
      else {
        report(
          XQLDiagnostics.arrayRangeBounds(arguments[1].span.union(arguments[2].span)))
        return nil
      }
      return call(.arraySlice, [args[0].expression, .literal(.long(start)), .literal(.long(end - 1))], .dynamic)
    }
  }

  /// `format_string(format, v…)`: `%s` (a value as text, null as `NULL`), `%d` (an integer) and `%%`, as
  /// BigQuery's FORMAT spells them; widths, precisions and other specifiers are refused.
  mutating func bindFormatString(_ arguments: [XQLExpression], span: Span, _ context: XQLNameContext) -> XQLBound? {
    guard case .string(let format, _) = arguments[0].kind else {
      report(XQLDiagnostics.notALiteral(.format, arguments[0].span))
      return nil
    }
    let values = arguments.dropFirst().map { bind($0, context) }
    guard values.allSatisfy({ $0 != nil }) else { return nil }
    var pieces: [ScalarExpression] = []
    var literal = ""
    var next = 1
    var characters = format.makeIterator()
    while let character = characters.next() {
      guard character == "%" else {
        literal.append(character)
        continue
      }
      let specifier = characters.next()
      if specifier == "%" {
        literal.append("%")
        continue
      }
      guard specifier == "s" || specifier == "d" else {
        report(
          XQLDiagnostics.formatStringSpecifier(specifier.map(String.init) ?? "", arguments[0].span))
        return nil
      }
      guard next < arguments.count, let value = values[next - 1] else {
        report(
          XQLDiagnostics.formatStringValues(expected: nil, found: next - 1, span))
        return nil
      }
      if specifier == "d", value.type != .long, value.type != .int {
        report(XQLDiagnostics.needs("%d", .integer, found: value.type.rawValue, arguments[next].span))
        return nil
      }
      if value.literal == .null {
        literal += "NULL"
      } else {
        if !literal.isEmpty { pieces.append(.literal(.string(literal))) }
        literal = ""
        let text: ScalarExpression =
          value.type == .string ? value.expression : .call(.toString, [value.expression], type: .string)
        let isNull = ScalarExpression.call(.isNull, [value.expression], type: .bool)
        pieces.append(
          ScalarExpression(
            .caseWhen([WhenClause(condition: isNull, value: .literal(.string("NULL")))], otherwise: text),
            type: .string))
      }
      next += 1
    }
    guard next == arguments.count else {
      report(
        XQLDiagnostics.formatStringValues(expected: next - 1, found: arguments.count - 1, span))
      return nil
    }
    if !literal.isEmpty || pieces.isEmpty { pieces.append(.literal(.string(literal))) }
    if pieces.count == 1, case .literal = pieces[0].kind {
      return XQLBound(expression: ScalarExpression(pieces[0].kind, type: .string, span: span))
    }
    return XQLBound(expression: .call(.concat, pieces, type: .string, span: span))
  }

  /// `regextract(s, pattern)`: every match, or with one capture group what it captured, as an array; no match gives
  /// an empty array and a null string null (BigQuery's REGEXP_EXTRACT_ALL, which refuses two or more groups).
  mutating func bindRegextract(_ args: [XQLBound], _ arguments: [XQLExpression], span: Span) -> XQLBound? {
    guard let value = stringOperand(args[0], "regextract", arguments[0].span) else { return nil }
    guard case .string(let pattern) = args[1].literal else {
      report(XQLDiagnostics.notALiteral(.regex, arguments[1].span))
      return nil
    }
    guard Self.captureGroupCount(pattern) <= 1 else {
      report(
        XQLDiagnostics.regextractGroups(arguments[1].span))
      return nil
    }
    let matches = ScalarExpression.call(.extractAllRegex, [args[1].expression, value], type: .dynamic)
    let isNull = ScalarExpression.call(.isNull, [value], type: .bool)
    let found = ScalarExpression.call(.coalesce, [matches, .literal(.dynamic(json: "[]"))], type: .dynamic)
    return XQLBound(
      expression: ScalarExpression(
        .caseWhen([WhenClause(condition: isNull, value: .literal(.null(.dynamic)))], otherwise: found), type: .dynamic,
        span: span))
  }

  /// The capture groups of an RE2 pattern: `(` not escaped, outside a character class, and not `(?` unless
  /// `(?P<name>`.
  static func captureGroupCount(_ pattern: String) -> Int {
    let characters = Array(pattern)
    var count = 0
    var index = 0
    var inClass = false
    while index < characters.count {
      let character = characters[index]
      if character == "\\" {
        index += 2
        continue
      }
      if inClass {
        if character == "]" { inClass = false }
      } else if character == "[" {
        inClass = true
        // A `]` first in the class is a member.
        if index + 1 < characters.count, characters[index + 1] == "]" { index += 1 }
      } else if character == "(" {
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if next != "?" || (index + 2 < characters.count && characters[index + 2] == "P") { count += 1 }
      }
      index += 1
    }
    return count
  }

  /// `date_floor(ts, unit [, zone])`: the start of the UTC year (`y`), month (`mo`), week from Sunday (`w`), day (`d`)
  /// or hour (`h`) holding the time; a zone other than UTC is refused.
  mutating func bindDateFloor(_ args: [XQLBound], _ arguments: [XQLExpression], span: Span) -> XQLBound? {
    guard let value = timestamp(args[0], arguments[0].span) else { return nil }
    if args.count == 3 {
      guard case .string(let zone) = args[2].literal, Self.utcOffsetMinutes(zone) == 0 else {
        report(XQLDiagnostics.dateFloorTimeZone(arguments[2].span))
        return nil
      }
    }
    let unit = timePart(arguments[1]) ?? "?"
    let starts: [String: ScalarFunction] = [
      "Y": .startOfYear, "MO": .startOfMonth, "W": .startOfWeek, "D": .startOfDay,
    ]
    if let start = starts[unit] { return XQLBound(expression: .call(start, [value], type: .datetime, span: span)) }
    guard unit == "H" else {
      report(XQLDiagnostics.dateFloorUnit(unit, arguments[1].span))
      return nil
    }
    return XQLBound(
      expression: .call(.bin, [value, .literal(.timespan(microseconds: 3_600_000_000))], type: .datetime, span: span))
  }

  /// `to_epoch(ts [, unit])`, `to_timestamp(n [, unit])`, `timestamp_seconds(n)`; units SECONDS (default), MILLIS.
  mutating func bindEpochConversion(_ function: String, _ args: [XQLBound], _ arguments: [XQLExpression], span: Span)
    -> XQLBound?
  {
    let unit = args.count == 2 ? timePart(arguments[1]) : "SECONDS"
    guard let unit, unit == "SECONDS" || unit == "MILLIS" else {
      report(
        XQLDiagnostics.epochUnit(timePart(arguments[1]) ?? "?", arguments[1].span))
      return nil
    }
    let thousand = ScalarExpression.literal(.long(1_000))
    if function == "to_epoch" {
      guard let value = timestamp(args[0], arguments[0].span) else { return nil }
      let milliseconds = ScalarExpression.call(.unixTimeMilliseconds, [value], type: .long, span: span)
      if unit == "MILLIS" { return XQLBound(expression: milliseconds) }
      return XQLBound(expression: .call(.divide, [milliseconds, thousand], type: .long, span: span))
    }
    guard let epoch = integerOperand(args[0], function, arguments[0].span) else { return nil }
    let milliseconds =
      unit == "MILLIS"
      ? epoch.expression : .call(.multiply, [epoch.expression, thousand], type: .long)
    return XQLBound(expression: .call(.fromUnixTimeMilliseconds, [milliseconds], type: .datetime, span: span))
  }

  /// An integer argument of `function`: integers as they are, a raw dataset's field read as one
  /// (``XQLBound/integerIfDocumentField``); any other type is reported.
  mutating func integerOperand(_ bound: XQLBound, _ function: String, _ span: Span) -> XQLBound? {
    let value = bound.integerIfDocumentField
    guard value.type == .long || value.type == .int else {
      report(XQLDiagnostics.needs(function, .integer, found: value.type.rawValue, span))
      return nil
    }
    return value
  }

  /// `int_to_ip(n)`: the IPv4 address whose big-endian value is `n`; null outside 0…4294967295.
  mutating func bindIntToIP(_ argument: XQLBound, _ argumentSpan: Span, span: Span) -> XQLBound? {
    guard let value = integerOperand(argument, "int_to_ip", argumentSpan) else { return nil }
    let inRange = ScalarExpression.call(
      .between, [value.expression, .literal(.long(0)), .literal(.long(4_294_967_295))], type: .bool)
    let address = ScalarExpression.call(.formatIPv4(withMask: false), [value.expression], type: .string, span: span)
    return XQLBound(
      expression: ScalarExpression(
        .caseWhen([WhenClause(condition: inRange, value: address)], otherwise: .literal(.null(.string))),
        type: .string, span: span))
  }

  /// `if(c1, v1 [, c2, v2 …] [, else])`: no else gives null.
  mutating func bindIf(_ args: [XQLBound], _ arguments: [XQLExpression], span: Span) -> XQLBound? {
    var valueIndices = Array(stride(from: 1, to: args.count, by: 2))
    if args.count % 2 == 1 { valueIndices.append(args.count - 1) }
    let type = valueIndices.map { args[$0] }.first { $0.literal != .null }?.type ?? .string
    func value(_ index: Int) -> ScalarExpression {
      args[index].literal == .null ? .literal(.null(type), span: arguments[index].span) : args[index].expression
    }
    var clauses: [WhenClause] = []
    var index = 0
    while index + 1 < args.count {
      guard args[index].type == .bool else {
        report(XQLDiagnostics.ifCondition(arguments[index].span))
        return nil
      }
      clauses.append(WhenClause(condition: args[index].expression, value: value(index + 1)))
      index += 2
    }
    let otherwise = index < args.count ? value(index) : .literal(.null(type))
    return XQLBound(expression: ScalarExpression(.caseWhen(clauses, otherwise: otherwise), type: type, span: span))
  }

  /// The unit text of a time-part argument: a string literal or a bare word (`DAY`).
  func timePart(_ argument: XQLExpression) -> String? {
    switch argument.kind {
    case .string(let text, _): return text.uppercased()
    case .identifier(let text): return text.uppercased()
    default: return nil
    }
  }

  mutating func timestamp(_ bound: XQLBound, _ span: Span) -> ScalarExpression? {
    guard bound.type == .datetime else {
      report(XQLDiagnostics.notATimestamp(bound.type.rawValue, span))
      return nil
    }
    return bound.expression
  }

  /// `extract_time(ts, part)` in UTC.
  ///
  /// Parts below the hour count whole units since the start of the UTC day, taken
  /// modulo the next unit; DAYOFWEEK is 1 (Sunday) to 7, DAYOFYEAR 1 to 366, QUARTER 1 to 4.
  mutating func bindExtractTime(_ args: [XQLBound], _ arguments: [XQLExpression], span: Span) -> XQLBound? {
    guard let value = timestamp(args[0], arguments[0].span) else { return nil }
    let direct: [String: ScalarFunction] = [
      "YEAR": .getYear, "MONTH": .getMonth, "DAY": .dayOfMonth, "HOUR": .hourOfDay,
    ]
    let part = timePart(arguments[1]) ?? "?"
    if let function = direct[part] { return XQLBound(expression: .call(function, [value], type: .long, span: span)) }
    func since(_ start: ScalarFunction, _ unit: String) -> ScalarExpression {
      .call(
        .datetimeDiff, [.literal(.string(unit)), value, .call(start, [value], type: .datetime)], type: .long)
    }
    func long(_ function: ScalarFunction, _ left: ScalarExpression, _ right: Int64) -> XQLBound {
      XQLBound(expression: .call(function, [left, .literal(.long(right))], type: .long, span: span))
    }
    let clock: [String: (unit: String, modulus: Int64)] = [
      "MINUTE": ("minute", 60), "SECOND": ("second", 60), "MILLISECOND": ("millisecond", 1_000),
      "MICROSECOND": ("microsecond", 1_000_000),
    ]
    if let (unit, modulus) = clock[part] { return long(.modulo, since(.startOfDay, unit), modulus) }
    switch part {
    case "DAYOFWEEK": return long(.add, since(.startOfWeek, "day"), 1)
    case "DAYOFYEAR": return long(.add, since(.startOfYear, "day"), 1)
    case "QUARTER":
      let month = ScalarExpression.call(.getMonth, [value], type: .long)
      return long(.divide, .call(.add, [month, .literal(.long(2))], type: .long), 3)
    default:
      report(
        XQLDiagnostics.extractTimePart(part, arguments[1].span))
      return nil
    }
  }

  /// `timestamp_diff(t1, t2, part)`: t1 − t2 in whole parts, truncated toward zero (from epoch milliseconds).
  mutating func bindTimestampDiff(_ args: [XQLBound], _ arguments: [XQLExpression], span: Span) -> XQLBound? {
    let first = timestamp(args[0], arguments[0].span)
    let second = timestamp(args[1], arguments[1].span)
    guard let first, let second else { return nil }
    let millisecondsPerPart: [String: Int64] = [
      "MILLISECOND": 1, "SECOND": 1_000, "MINUTE": 60_000, "HOUR": 3_600_000, "DAY": 86_400_000,
    ]
    guard let part = timePart(arguments[2]), let perPart = millisecondsPerPart[part] else {
      report(
        XQLDiagnostics.timestampDiffPart(timePart(arguments[2]) ?? "?", arguments[2].span))
      return nil
    }
    let difference = ScalarExpression.call(
      .subtract,
      [.call(.unixTimeMilliseconds, [first], type: .long), .call(.unixTimeMilliseconds, [second], type: .long)],
      type: .long)
    if perPart == 1 { return XQLBound(expression: ScalarExpression(difference.kind, type: .long, span: span)) }
    return XQLBound(expression: .call(.divide, [difference, .literal(.long(perPart))], type: .long, span: span))
  }

  /// `format_timestamp(format, ts [, zone])`: strftime specifiers translated to the plan's (Kusto) format; a zone,
  /// a fixed UTC offset (`"+03:00"`, `"-0530"`, `"+02"`, `"UTC"`) or an IANA name (`"Europe/Paris"`, daylight
  /// saving included), turns the time into that zone's wall clock before formatting.
  mutating func bindFormatTimestamp(_ args: [XQLBound], _ arguments: [XQLExpression], span: Span) -> XQLBound? {
    guard case .string(let format) = args[0].literal else {
      report(XQLDiagnostics.notALiteral(.format, arguments[0].span))
      return nil
    }
    guard var value = timestamp(args[1], arguments[1].span) else { return nil }
    if args.count == 3 {
      switch timeZone(args[2], arguments[2]) {
      case nil: return nil
      case .offset(let minutes):
        if minutes != 0 {
          value = .call(
            .datetimeAdd, [.literal(.string("minute")), .literal(.long(minutes)), value], type: .datetime)
        }
      case .named(let name):
        value = .call(.utcToLocal, [value, .literal(.string(name))], type: .datetime)
      }
    }
    guard let elements = try? StrftimeFormat(parsing: format).elements else {
      report(XQLDiagnostics.formatTimestampSpecifier(arguments[0].span))
      return nil
    }
    // The format in pieces: runs of specifiers (with the separators the plan's format takes) and runs of other
    // literal text (`T`, `Z`, `%`), which the plan's format cannot hold and are joined in as text.
    var pieces: [(isFormat: Bool, text: String)] = [(true, "")]
    func append(_ text: String, isFormat: Bool) {
      if pieces[pieces.count - 1].isFormat == isFormat || pieces[pieces.count - 1].text.isEmpty {
        pieces[pieces.count - 1].isFormat = isFormat
        pieces[pieces.count - 1].text += text
      } else {
        pieces.append((isFormat, text))
      }
    }
    for element in elements {
      switch element {
      case .literal(let text), .whitespace(let text):
        for character in text {
          // A separator goes with the run before it; any other character is text.
          append(String(character), isFormat: " -:/.,_[]".contains(character) && pieces[pieces.count - 1].isFormat)
        }
      default:
        guard let replacement = Self.kustoFormat(of: element) else {
          report(XQLDiagnostics.formatTimestampSpecifier(arguments[0].span))
          return nil
        }
        append(replacement, isFormat: true)
      }
    }
    let parts = pieces.map { piece -> ScalarExpression in
      piece.isFormat
        ? .call(
          .formatDatetime, [value, .literal(.string(piece.text), span: arguments[0].span)], type: .string, span: span)
        : .literal(.string(piece.text), span: arguments[0].span)
    }
    if parts.count == 1, pieces[0].isFormat { return XQLBound(expression: parts[0]) }
    // Text joined to a null time stays null, as the formatted time does.
    let joined = ScalarExpression.call(.concat, parts, type: .string, span: span)
    return XQLBound(
      expression: ScalarExpression(
        .caseWhen(
          [WhenClause(condition: .call(.isNull, [value], type: .bool), value: .literal(.null(.string)))],
          otherwise: joined), type: .string, span: span))
  }

  /// The Kusto format text that writes `element` as BigQuery does, or nil when none does.
  static func kustoFormat(of element: StrftimeFormat.Element) -> String? {
    switch element {
    case .year: "yyyy"
    case .twoDigitYear: "yy"
    case .month: "MM"
    case .day: "dd"
    case .hour24: "HH"
    case .hour12: "hh"
    case .amPM: "tt"
    case .minute: "mm"
    case .second: "ss"
    default: nil
    }
  }

  /// A time zone argument: a fixed offset from UTC or an IANA zone name.
  enum TimeZoneArgument {
    /// Minutes east of UTC.
    case offset(Int64)
    /// A canonical IANA name.
    case named(String)
  }

  /// The time zone `bound` names (a string literal: a fixed UTC offset or an IANA name), or nil after a diagnostic.
  mutating func timeZone(_ bound: XQLBound, _ argument: XQLExpression) -> TimeZoneArgument? {
    guard case .string(let zone) = bound.literal else {
      report(XQLDiagnostics.notALiteral(.timeZone, argument.span))
      return nil
    }
    if let minutes = Self.utcOffsetMinutes(zone) { return .offset(minutes) }
    if let name = TimeZoneNames.canonical(zone) { return .named(name) }
    report(XQLDiagnostics.unknownTimeZone(zone, argument.span, help: TimeZoneNames.help(for: zone)))
    return nil
  }

  /// `parse_timestamp(format, text [, zone])` and `parse_epoch(format, text [, zone] [, unit])`.
  ///
  /// The text is read with the format's elements (a string literal), in the zone when the text has no offset (UTC by
  /// default); null when the text does not match the format or names a day that does not exist. parse_epoch gives
  /// the whole SECONDS (default), MILLIS or MICROS since 1970, rounded down.
  mutating func bindParseTimestamp(
    _ function: String, _ args: [XQLBound], _ arguments: [XQLExpression], span: Span
  ) -> XQLBound? {
    guard case .string(let format) = args[0].literal else {
      report(XQLDiagnostics.notALiteral(.format, arguments[0].span))
      return nil
    }
    do {
      _ = try StrftimeFormat(parsing: format)
    } catch {
      report(XQLDiagnostics.parseTimestampElement(function, error.element, arguments[0].span))
      return nil
    }
    guard let text = stringOperand(args[1], function, arguments[1].span) else { return nil }
    let units: [String: Int64] = ["SECONDS": 1, "MILLIS": 1_000, "MICROS": 1_000_000]
    var zoneIndex: Int? = args.count > 2 ? 2 : nil
    var unitIndex: Int? = function == "parse_epoch" && args.count == 4 ? 3 : nil
    if function == "parse_epoch", args.count == 3, let part = timePart(arguments[2]), units[part] != nil {
      (zoneIndex, unitIndex) = (nil, 2)
    }
    var zone = ScalarExpression.literal(.long(0))
    if let zoneIndex {
      switch timeZone(args[zoneIndex], arguments[zoneIndex]) {
      case nil: return nil
      case .offset(let minutes): zone = .literal(.long(minutes))
      case .named(let name): zone = .literal(.string(name))
      }
    }
    let parsed = ScalarExpression.call(
      .parseDatetimeFormat,
      [text, .literal(.string(format), span: arguments[0].span), zone],
      type: .datetime, span: span)
    guard function == "parse_epoch" else { return XQLBound(expression: parsed) }
    var perSecond: Int64 = 1
    if let unitIndex {
      guard let part = timePart(arguments[unitIndex]), let units = units[part] else {
        report(XQLDiagnostics.parseEpochUnit(timePart(arguments[unitIndex]) ?? "?", arguments[unitIndex].span))
        return nil
      }
      perSecond = units
    }
    return XQLBound(expression: .call(.unixTime(perSecond: perSecond), [parsed], type: .long, span: span))
  }

  /// Minutes east of UTC for `"UTC"`, `"Z"`, `"±hh"`, `"±hhmm"` or `"±hh:mm"` (at most 14 hours), or nil.
  static func utcOffsetMinutes(_ zone: String) -> Int64? {
    let text = zone.uppercased()
    if text == "UTC" || text == "Z" || text == "GMT" { return 0 }
    guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
    let digits = text.dropFirst().filter { $0 != ":" }
    let colons = text.count - 1 - digits.count
    guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), [2, 4].contains(digits.count),
      colons == 0 || (colons == 1 && digits.count == 4 && text.dropFirst(3).first == ":"),
      let hours = Int64(digits.prefix(2)), let minutes = Int64(digits.dropFirst(2).isEmpty ? "0" : digits.dropFirst(2)),
      hours <= 14, minutes < 60
    else { return nil }
    return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
  }
}
