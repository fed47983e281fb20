import SpoorDiagnostics

extension XQLParser {
  /// Parses one stage, starting at its keyword; nil (reported) when there is no stage keyword or it is unknown.
  mutating func parseStage() -> XQLStage? {
    let keywordToken = current
    guard keywordToken.kind == .identifier else {
      report(XQLDiagnostics.expected("a stage", found: keywordToken))
      return nil
    }
    let keyword = XQLName(keywordToken.text, span: keywordToken.span)
    let lowered = keywordToken.text.lowercased()
    advance()
    let kind: XQLStageKind
    switch lowered {
    case "config": kind = .config(parseConfigOptions())
    case "dataset": kind = .dataset(parseDataset())
    case "preset":
      expect(.equal, "'='")
      kind = .preset(name("a preset name"))
    case "filter": kind = .filter(parseExpression())
    case "fields": kind = .fields(parseFields())
    case "alter": kind = .alter(parseAlter())
    case "comp": kind = .comp(parseComp())
    case "sort": kind = .sort(parseSortItems())
    // A missing count was reported; the query is not bound, so 0 only keeps the tree whole.
    case "limit": kind = .limit(integer("a row count") ?? 0)
    case "dedup": kind = parseDedup()
    case "join": kind = .join(parseJoin())
    case "union": kind = .union(parseUnion())
    case "bin": kind = .bin(parseBin())
    case "arrayexpand":
      let field = name("a field name")
      let limit = acceptKeyword("limit") ? integer("an element count") : nil
      kind = .arrayExpand(field: field, limit: limit)
    case "top": kind = .top(parseTop())
    case "replacenull":
      let field = name("a field name")
      expect(.equal, "'='")
      let text = expect(.string, "a replacement string").map { XQLName($0.value, span: $0.span) }
      kind = .replaceNull(field: field, text: text ?? XQLName("", span: .at(current.span.start)))
    case "call": kind = .call(parseCall())
    case "iploc": kind = .ipLocation(parseIPLocation())
    // `window` is the stage's older name.
    case "windowcomp", "window":
      kind = .windowComp(commaSeparated { $0.parseWindowComp() })
    case "view":
      kind = .view(graph: parseViewGraph())
    default:
      if Self.unsupportedStages[lowered] != nil {
        skipStageBody()
        kind = .unsupported
      } else {
        report(
          XQLDiagnostics.unknownStage(
            keyword, help: NameSuggester.help(for: keyword.text, among: Self.stageNames + Self.unsupportedStageNames)))
        skipStageBody()
        return nil
      }
    }
    return XQLStage(kind: kind, keyword: keyword, span: Span(start: keyword.span.start, end: previousEnd))
  }

  /// The options of `view graph name = value …`, or nil for another `view` (highlight, column order) or one
  /// whose options are not all `name = value[, value…]`; the stage's text is consumed either way.
  mutating func parseViewGraph() -> [XQLViewOption]? {
    guard acceptKeyword("graph") else {
      skipStageBody()
      return nil
    }
    var options: [XQLViewOption] = []
    while current.kind == .identifier, peek(1).kind == .equal {
      let name = XQLName(advance().text, span: previousSpan)
      advance()
      var values: [XQLName] = []
      while true {
        guard [.identifier, .string, .number].contains(current.kind) else {
          skipStageBody()
          return nil
        }
        let token = advance()
        values.append(XQLName(token.kind == .string ? token.value : token.text, span: token.span))
        guard current.kind == .comma, peek(2).kind != .equal else { break }
        advance()
      }
      options.append(XQLViewOption(name: name, values: values))
    }
    guard current.kind == .pipe || current.kind == .endOfInput else {
      skipStageBody()
      return nil
    }
    return options
  }

  /// `windowcomp fn([args]) [by f, …] [sort [asc|desc] f, …] [between lo [and hi]] [frame_type = t] as alias`.
  mutating func parseWindowComp() -> XQLWindowStage {
    let function = name("a window function")
    expect(.leftParen, "'('")
    let arguments = current.kind == .rightParen ? [] : commaSeparated { $0.parseExpression() }
    expect(.rightParen, "')'")
    var partitionBy: [XQLName] = []
    var sort: [XQLSortItem] = []
    var frame: Span?
    var bounds: [XQLExpression] = []
    var frameType: XQLName?
    while !current.isKeyword("as"), !atStageBoundary {
      if acceptKeyword("by") {
        partitionBy += fieldNames()
      } else if acceptKeyword("sort") {
        sort = parseSortItems()
      } else if current.isKeyword("between") || current.isKeyword("frame_type") {
        let start = current.span.start
        if acceptKeyword("between") {
          bounds = [parseAdditive()]
          if acceptKeyword("and") { bounds.append(parseAdditive()) }
        } else {
          advance()
          expect(.equal, "'='")
          frameType = name("rows or range")
        }
        frame = Span(start: frame?.start ?? start, end: previousEnd)
      } else {
        report(XQLDiagnostics.expected("'by', 'sort', 'between', 'frame_type' or 'as'", found: current))
        break
      }
    }
    expectKeyword("as")
    let alias = name("an output name")
    return XQLWindowStage(
      function: function, arguments: arguments, partitionBy: partitionBy, sort: sort, frame: frame,
      frameBounds: bounds, frameType: frameType, alias: alias)
  }

  /// `iploc f [loc_x [as a], …] [suffix = s]`.
  mutating func parseIPLocation() -> XQLIPLocationStage {
    let field = name("an address field")
    var columns: [(column: XQLName, alias: XQLName?)] = []
    var suffix: XQLName?
    while current.kind == .identifier {
      if current.isKeyword("suffix"), peek(1).kind == .equal {
        advance()
        advance()
        let token = current
        guard token.kind == .identifier || token.kind == .string else {
          report(XQLDiagnostics.expected("a suffix", found: token))
          break
        }
        advance()
        suffix = XQLName(token.value, span: token.span)
        continue
      }
      let column = name("a location column")
      let alias: XQLName? = acceptKeyword("as") ? name("a new field name") : nil
      columns.append((column, alias))
      if current.kind == .comma { advance() }
    }
    return XQLIPLocationStage(field: field, columns: columns, suffix: suffix)
  }

  /// `call "name" [p1 = v1 p2 = v2 …]` (the name may also be a bare word).
  mutating func parseCall() -> XQLCallStage {
    let token = current
    guard token.kind == .string || token.kind == .identifier else {
      report(XQLDiagnostics.expected("a stored query name", found: token))
      return XQLCallStage(name: XQLName("", span: .at(token.span.start)), parameters: [])
    }
    advance()
    var parameters: [XQLAssignment] = []
    while current.kind == .identifier, peek(1).kind == .equal {
      let parameter = name("a parameter name")
      advance()
      parameters.append(XQLAssignment(name: parameter, value: parseAdditive()))
      if current.kind == .comma { advance() }
    }
    return XQLCallStage(name: XQLName(token.value, span: token.span), parameters: parameters)
  }

  /// Skips the body of a stage Spoor does not parse, up to the next `|` at this level.
  mutating func skipStageBody() {
    var level = 0
    while current.kind != .endOfInput {
      if current.kind == .leftParen { level += 1 }
      if current.kind == .rightParen {
        if level == 0 { return }
        level -= 1
      }
      if current.kind == .pipe, level == 0 { return }
      advance()
    }
  }

  /// The options of one `config` stage: Cortex accepts several, separated by spaces
  /// (`config case_sensitive = false timeframe = 30d`).
  mutating func parseConfigOptions() -> [XQLConfig] {
    var options = [parseConfig()]
    while current.kind == .identifier, peek(1).kind == .equal || peek(1).isKeyword("between") {
      options.append(parseConfig())
    }
    return options
  }

  mutating func parseConfig() -> XQLConfig {
    let option = name("a config option")
    switch option.text.lowercased() {
    case "case_sensitive":
      expect(.equal, "'='")
      if acceptKeyword("true") { return .caseSensitive(true) }
      if acceptKeyword("false") { return .caseSensitive(false) }
      report(XQLDiagnostics.expected("true or false", found: current))
      return .other(option)
    case "timeframe":
      if acceptKeyword("between") {
        let from = expect(.string, "a time bound string")
        expectKeyword("and")
        let to = expect(.string, "a time bound string")
        guard let from, let to else { return .other(option) }
        return .timeframeBetween(XQLName(from.value, span: from.span), XQLName(to.value, span: to.span))
      }
      expect(.equal, "'=' or 'between'")
      guard let duration = durationArgument("a duration such as 7d") else { return .other(option) }
      return .timeframeLast(duration)
    default:
      expect(.equal, "'='")
      advance()
      return .other(option)
    }
  }

  /// Consumes a duration token; nil (reported) when there is none or its unit is not an XQL one.
  mutating func durationArgument(_ what: String) -> XQLDuration? {
    guard let token = expect(.duration, what) else { return nil }
    guard let duration = Self.duration(token.text, span: token.span) else {
      report(XQLDiagnostics.invalidDuration(token.text, token.span))
      return nil
    }
    return duration
  }

  /// Reads `7d`, `-30m`, `+1MO` as a duration; nil when the unit is not an XQL one.
  static func duration(_ text: String, span: Span) -> XQLDuration? {
    var body = Substring(trimmed(text))
    var sign: Int64 = 1
    if body.hasPrefix("-") {
      sign = -1
      body = body.dropFirst()
    } else if body.hasPrefix("+") {
      body = body.dropFirst()
    }
    let digits = body.prefix { $0.isASCII && $0.isNumber }
    let unit = body.dropFirst(digits.count).lowercased()
    guard let amount = Int64(digits), ["ms", "s", "m", "h", "d", "w", "mo", "y"].contains(unit) else { return nil }
    return XQLDuration(amount: sign * amount, unit: unit, span: span)
  }

  /// The text without leading and trailing whitespace.
  static func trimmed(_ text: String) -> String {
    // ASCII whitespace is trimmed on bytes; only when a non-ASCII byte borders the trimmed text can a Unicode
    // space (or a combining mark after an ASCII space) be involved, and the Character-wise path decides.
    let utf8 = text.utf8
    func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    guard let first = utf8.firstIndex(where: { !isASCIISpace($0) }) else { return "" }
    let last = utf8.lastIndex(where: { !isASCIISpace($0) })!
    if utf8[first] >= 0x80 || utf8[last] >= 0x80 {
      return String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
    if first == utf8.startIndex && utf8.index(after: last) == utf8.endIndex { return text }
    return String(text[first...last])
  }

  mutating func parseDataset() -> [XQLName] {
    if acceptKeyword("in") {
      expect(.leftParen, "'('")
      let names = commaSeparated { $0.datasetName() }
      expect(.rightParen, "')'")
      return names
    }
    expect(.equal, "'=' or 'in'")
    return [datasetName()]
  }

  /// A dataset name, or a name pattern written with `*` and no spaces (`panw_ngfw_*`), which the binder refuses
  /// with the matching names.
  mutating func datasetName() -> XQLName {
    guard current.kind == .star || peek(1).kind == .star else { return name("a dataset name") }
    let start = current.span.start
    var text = ""
    while current.kind == .identifier || current.kind == .star {
      if !text.isEmpty, current.span.start != previousEnd { break }
      text += advance().text
    }
    return XQLName(text, span: Span(start: start, end: previousEnd))
  }

  mutating func parseFields() -> XQLFieldsStage {
    var exclude = false
    if current.kind == .minus {
      exclude = true
      advance()
    }
    var items: [XQLFieldItem] = []
    repeat {
      if !items.isEmpty { advance() }
      let start = current.span.start
      var text = ""
      var isPattern = false
      // A pattern is a run of adjacent name pieces and `*`s with no space between them.
      while current.kind == .identifier || current.kind == .star {
        if !text.isEmpty, current.span.start != previousEnd { break }
        if current.kind == .star { isPattern = true }
        text += advance().text
      }
      if text.isEmpty {
        report(XQLDiagnostics.expected("a field name", found: current))
        break
      }
      let field = XQLName(text, span: Span(start: start, end: previousEnd))
      let alias: XQLName? = acceptKeyword("as") ? name("a new field name") : nil
      items.append(XQLFieldItem(name: field, isPattern: isPattern, alias: alias))
    } while current.kind == .comma
    return XQLFieldsStage(exclude: exclude, items: items)
  }

  mutating func parseAlter() -> [XQLAssignment] {
    var assignments: [XQLAssignment] = []
    repeat {
      if !assignments.isEmpty { advance() }
      let field = name("a field name")
      expect(.equal, "'='")
      assignments.append(XQLAssignment(name: field, value: parseExpression()))
    } while current.kind == .comma
    return assignments
  }

  mutating func parseComp() -> XQLCompStage {
    var aggregates: [XQLAggregate] = []
    repeat {
      if !aggregates.isEmpty { advance() }
      let function = name("an aggregate function")
      expect(.leftParen, "'('")
      var argument: XQLExpression?
      let allFields = current.kind == .star
      if allFields {
        advance()
      } else if current.kind != .rightParen {
        argument = parseExpression()
      }
      var moreArguments: [XQLExpression] = []
      while argument != nil, current.kind == .comma {
        advance()
        moreArguments.append(parseExpression())
      }
      expect(.rightParen, "')'")
      var alias: XQLName?
      var keepsFieldNames = false
      if acceptKeyword("as") {
        if allFields, current.kind == .star {
          advance()
          keepsFieldNames = true
        } else {
          alias = name(allFields ? "'*'" : "an output name")
        }
      }
      var aggregate = XQLAggregate(
        function: function, argument: argument, alias: alias, span: Span(start: function.span.start, end: previousEnd),
        allFields: allFields, keepsFieldNames: keepsFieldNames)
      aggregate.moreArguments = moreArguments
      aggregates.append(aggregate)
    } while current.kind == .comma
    let groupBy = acceptKeyword("by") ? fieldNames() : []
    if current.isKeyword("addrawdata") {
      // `addrawdata = false [as f]` is Palo Alto's default (no raw events added): nothing to translate. `= true`
      // adds each group's raw events in a shape the reference does not spell out, so it is refused.
      let start = advance().span.start
      expect(.equal, "'='")
      if current.isKeyword("false") {
        advance()
        if acceptKeyword("as") { _ = name("an output name") }
      } else {
        report(
          XQLDiagnostics.addRawDataTrue(Span(start: start, end: current.span.end)))
        advance()
      }
    }
    return XQLCompStage(aggregates: aggregates, groupBy: groupBy)
  }

  mutating func parseSortItems() -> [XQLSortItem] {
    var items: [XQLSortItem] = []
    repeat {
      if !items.isEmpty { advance() }
      items.append(parseSortItem())
    } while current.kind == .comma
    return items
  }

  mutating func parseSortItem() -> XQLSortItem {
    var ascending = true
    var directionWritten = false
    if current.isKeyword("asc") || current.isKeyword("desc") {
      ascending = advance().isKeyword("asc")
      directionWritten = true
    }
    let expression = parseAdditive()
    if !directionWritten, current.isKeyword("asc") || current.isKeyword("desc") {
      ascending = advance().isKeyword("asc")
    }
    return XQLSortItem(expression: expression, ascending: ascending)
  }

  mutating func parseDedup() -> XQLStageKind {
    let keys = fieldNames()
    let order: XQLSortItem? = acceptKeyword("by") ? parseSortItem() : nil
    return .dedup(keys: keys, order: order)
  }

  mutating func parseJoin() -> XQLJoinStage {
    var type: XQLName?
    var conflictStrategy: XQLName?
    while current.kind == .identifier, peek(1).kind == .equal {
      let option = name("a join option")
      advance()
      let value = name("a value")
      switch option.text.lowercased() {
      case "type": type = value
      case "conflict_strategy": conflictStrategy = value
      default: report(XQLDiagnostics.expected("'type' or 'conflict_strategy'", found: tokens[index - 3]))
      }
    }
    let query = parseSubquery()
    expectKeyword("as")
    let alias = name("a join alias")
    let condition = parseExpression()
    return XQLJoinStage(
      type: type, conflictStrategy: conflictStrategy, query: query, alias: alias, condition: condition)
  }

  mutating func parseSubquery() -> XQLQuery {
    let start = current.span.start
    guard expect(.leftParen, "'(' and a query") != nil, enter() else { return XQLQuery(stages: [], span: .at(start)) }
    defer { depth -= 1 }
    let query = parseQuery(nested: true)
    expect(.rightParen, "')'")
    return query
  }

  mutating func parseUnion() -> XQLUnionSource {
    if current.kind == .leftParen { return .query(parseSubquery()) }
    return .dataset(name("a dataset name or '('"))
  }

  mutating func parseBin() -> XQLBinStage {
    let field = name("a field name")
    var span: XQLDuration?
    var bins: Int64?
    var unsupported: [XQLName] = []
    // Whether `span =` or `bins =` was written, so a bad value is not reported a second time as missing.
    var sizeWritten = false
    while current.kind == .identifier, peek(1).kind == .equal {
      let option = name("a bin option")
      advance()
      switch option.text.lowercased() {
      case "span":
        sizeWritten = true
        span = durationArgument("a duration such as 1h")
      case "bins":
        sizeWritten = true
        bins = integer("a bucket count")
      case "timeshift", "timezone":
        unsupported.append(option)
        advance()
      default:
        report(XQLDiagnostics.expected("'span', 'bins', 'timeshift' or 'timezone'", found: tokens[index - 2]))
      }
    }
    if span == nil, bins == nil, !sizeWritten {
      report(XQLDiagnostics.expected("'span =' or 'bins ='", found: current))
    }
    return XQLBinStage(field: field, span: span, bins: bins, unsupportedOptions: unsupported)
  }

  mutating func parseTop() -> XQLTopStage {
    let count = current.kind == .number ? integer("a count") : nil
    let field = name("a field name")
    let groupBy = acceptKeyword("by") ? fieldNames() : []
    var countAlias: XQLName?
    var percentAlias: XQLName?
    while current.isKeyword("top_count") || current.isKeyword("top_percent") {
      let isCount = advance().isKeyword("top_count")
      expectKeyword("as")
      let alias = name("an output name")
      if isCount { countAlias = alias } else { percentAlias = alias }
      if current.kind == .comma { advance() }
    }
    return XQLTopStage(count: count, field: field, groupBy: groupBy, countAlias: countAlias, percentAlias: percentAlias)
  }
}
