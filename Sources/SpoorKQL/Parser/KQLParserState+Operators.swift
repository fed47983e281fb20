import SpoorDiagnostics

extension KQLParserState {
  /// Tabular operators Spoor parses.
  static let knownOperators: [String] = [
    "where", "filter", "project", "extend", "project-away", "project-keep", "project-rename",
    "project-reorder",
    "sort", "order", "top", "take", "limit", "distinct", "count", "getschema", "summarize", "join",
    "lookup", "union",
    "mv-expand", "mvexpand", "mv-apply", "parse", "parse-where", "parse-kv", "serialize", "as", "invoke", "render",
    "make-series", "evaluate", "search", "top-nested", "sample", "sample-distinct", "partition",
  ]

  /// Tabular operators Spoor recognises but cannot translate to PostgreSQL.
  static let unsupportedOperators: Set<String> = [
    "top-hitters", "fork", "facet",
    "reduce",
    "scan", "project-smart", "make-graph", "graph-match",
    "consume",
    "externaldata", "execute-and-cache", "partition-by", "print",
  ]

  /// Sources (first element of a pipeline) that are not plain expressions, or nil.
  mutating func parseSpecialSource() -> KQLTabularSource? {
    guard let word = current.word else { return nil }
    let start = current.span.start
    switch word {
    case "union":
      advance()
      return .union(parseUnionClause())
    case "datatable" where peek(1).isSymbol("("):
      advance()
      let columns = parseColumnDeclarations()
      expectSymbol("[", "'[' before the datatable values")
      let values = parseBracketedList()
      return .datatable(
        columns: columns, values: values, span: Span(start: start, end: previousEnd))
    case "externaldata" where peek(1).isSymbol("("):
      advance()
      let columns = parseColumnDeclarations()
      expectSymbol("[", "'[' before the externaldata storage addresses")
      let addresses = parseBracketedList()
      var properties: [KQLAssignment] = []
      if acceptWord("with") {
        expectSymbol("(")
        while !atEnd, !current.isSymbol(")") {
          guard let name = expectIdentifier("a property name") else { break }
          expectSymbol("=")
          properties.append(KQLAssignment(name: name, value: parseExpression()))
          if !acceptSymbol(",") { break }
        }
        expectSymbol(")")
      }
      return .externalData(
        columns: columns, addresses: addresses, properties: properties, span: Span(start: start, end: previousEnd))
    case "range" where peek(1).word != nil && peek(2).isWord("from"):
      advance()
      let name = expectIdentifier("a column name") ?? KQLIdentifier(name: "", span: .at(start))
      expectWord("from")
      let from = parseExpression()
      expectWord("to")
      let to = parseExpression()
      expectWord("step")
      let step = parseExpression()
      return .range(name: name, from: from, to: to, step: step)
    case "print":
      advance()
      return .print(parseAssignments(until: []))
    case "search":
      advance()
      return .search(parseSearch(allowsTables: true))
    case "find":
      advance()
      return .find(parseFind())
    case "externaldata", "evaluate":
      advance()
      skipToOperatorBoundary()
      return .unsupported(name: word, span: Span(start: start, end: previousEnd))
    default:
      return nil
    }
  }

  /// `(name:type, …)` of `datatable` and `externaldata`, from the opening parenthesis.
  mutating func parseColumnDeclarations() -> [KQLColumnDeclaration] {
    expectSymbol("(")
    var columns: [KQLColumnDeclaration] = []
    while !atEnd, !current.isSymbol(")") {
      guard let name = expectIdentifier("a column name") else { break }
      expectSymbol(":")
      columns.append(KQLColumnDeclaration(name: name, typeName: parseTypeName()))
      if !acceptSymbol(",") { break }
    }
    expectSymbol(")")
    return columns
  }

  /// Comma-separated expressions up to and including the closing `]` (the `[` already read).
  mutating func parseBracketedList() -> [KQLExpression] {
    var values: [KQLExpression] = []
    while !atEnd, !current.isSymbol("]") {
      values.append(parseExpression())
      if !acceptSymbol(",") { break }
    }
    expectSymbol("]")
    return values
  }

  /// `[kind=…] [withsource=Name] [isfuzzy=…] T1, T2*, (sub-query)`.
  mutating func parseUnionClause() -> KQLUnionClause {
    var isInner = false
    var isFuzzy = false
    var withSource: KQLIdentifier?
    while let word = current.word, peek(1).isSymbol("="),
      ["kind", "withsource", "isfuzzy"].contains(word) || word.hasPrefix("hint.")
    {
      advance()
      advance()
      if word == "kind" {
        isInner = current.isWord("inner")
        advance()
      } else if word == "withsource" {
        withSource = expectIdentifier("a column name")
      } else {
        if word == "isfuzzy" { isFuzzy = current.booleanLiteral == true }
        advance()
      }
    }
    var inputs: [KQLExpression] = []
    repeat {
      if let word = current.word {
        let token = advance()
        var pattern = word
        var end = token.span.end
        while current.isSymbol("*") && current.span.start == end
          || (current.word != nil && current.span.start == end)
        {
          pattern += current.word ?? "*"
          end = advance().span.end
        }
        if current.isSymbol("(") {
          index -= 1
          inputs.append(parsePostfix())
        } else {
          inputs.append(KQLExpression(.name(pattern), span: Span(start: token.span.start, end: end)))
        }
      } else {
        inputs.append(parsePrimary())
      }
    } while acceptSymbol(",")
    return KQLUnionClause(isInner: isInner, withSource: withSource, inputs: inputs, isFuzzy: isFuzzy)
  }

  /// `[Name =] expression, …` up to a boundary or one of the given words.
  mutating func parseAssignments(until stopWords: Set<String>) -> [KQLAssignment] {
    var items: [KQLAssignment] = []
    repeat {
      if atOperatorBoundary || current.word.map(stopWords.contains) == true {
        if !items.isEmpty { reportExpected("an expression after ','") }
        break
      }
      items.append(parseAssignment())
    } while acceptSymbol(",")
    return items
  }

  mutating func parseAssignment() -> KQLAssignment {
    if let word = current.word, peek(1).isSymbol("=") {
      let token = advance()
      advance()
      return KQLAssignment(name: KQLIdentifier(name: word, span: token.span), value: parseExpression())
    }
    if current.isSymbol("["), case .string(let name) = peek(1).kind, peek(2).isSymbol("]"),
      peek(3).isSymbol("=")
    {
      let identifier = bracketedName() ?? KQLIdentifier(name: name, span: current.span)
      advance()
      return KQLAssignment(name: identifier, value: parseExpression())
    }
    if let names = parseTupleNames() { return KQLAssignment(name: nil, value: parseExpression(), tupleNames: names) }
    return KQLAssignment(name: nil, value: parseExpression())
  }

  /// `(a, b, …) =` before a tuple assignment's value, consumed; nil (nothing consumed) when the tokens are not
  /// that shape, so a parenthesised expression parses as one.
  mutating func parseTupleNames() -> [KQLIdentifier]? {
    guard current.isSymbol("(") else { return nil }
    var offset = 1
    while peek(offset).word != nil {
      if peek(offset + 1).isSymbol(",") {
        offset += 2
      } else if peek(offset + 1).isSymbol(")"), peek(offset + 2).isSymbol("=") {
        advance()
        var names: [KQLIdentifier] = []
        while let name = current.word {
          names.append(KQLIdentifier(name: name, span: advance().span))
          if !acceptSymbol(",") { break }
        }
        expectSymbol(")")
        expectSymbol("=")
        return names
      } else {
        return nil
      }
    }
    return nil
  }

  /// Column names, possibly with `*` wildcards.
  mutating func parseNamePatterns() -> [KQLNamePattern] {
    var patterns: [KQLNamePattern] = []
    repeat {
      let start = current.span.start
      var pattern = ""
      var end = start
      if let name = bracketedName() {
        patterns.append(KQLNamePattern(pattern: name.name, span: name.span))
        continue
      }
      // A pattern is adjacent words, `*` and digits: `DeviceId`, `*Id`, `*1` (the `Name1` columns a join adds).
      while pattern.isEmpty ? (current.word != nil || current.isSymbol("*")) : current.span.start == end {
        if let word = current.word {
          pattern += word
        } else if current.isSymbol("*") {
          pattern += "*"
        } else if case .long(let digits) = current.kind, digits >= 0 {
          pattern += String(digits)
        } else {
          break
        }
        end = advance().span.end
      }
      if pattern.isEmpty {
        reportExpected("a column name")
        break
      }
      patterns.append(KQLNamePattern(pattern: pattern, span: Span(start: start, end: end)))
      if current.isWord("asc") || current.isWord("desc") || current.isWord("granny-asc") {
        advance()
      }
    } while acceptSymbol(",")
    return patterns
  }

  mutating func parseSortItem() -> KQLSortItem {
    let value = parseExpression()
    var ascending: Bool?
    var nullsFirst: Bool?
    if acceptWord("asc") {
      ascending = true
    } else if acceptWord("desc") {
      ascending = false
    }
    if acceptWord("nulls") {
      if acceptWord("first") {
        nullsFirst = true
      } else if acceptWord("last") {
        nullsFirst = false
      } else {
        reportExpected("'first' or 'last'")
      }
    }
    return KQLSortItem(value: value, ascending: ascending, nullsFirst: nullsFirst)
  }

  /// Skips `name=value` options such as `hint.strategy=shuffle`, returning the hint names.
  mutating func skipHints() -> [KQLIdentifier] {
    var hints: [KQLIdentifier] = []
    while let word = current.word,
      word.hasPrefix("hint.") || word == "bagexpansion" || word == "isfuzzy",
      peek(1).isSymbol("=")
    {
      hints.append(KQLIdentifier(name: word, span: advance().span))
      advance()
      advance()
    }
    return hints
  }

  /// One operator after `|`; nil when it was not understood (already diagnosed and skipped).
  mutating func parseOperator() -> KQLOperatorNode? {
    guard let word = current.word else {
      reportExpected("a tabular operator")
      skipToOperatorBoundary()
      return nil
    }
    let keyword = advance()
    let start = keyword.span.start
    func node(_ kind: KQLOperatorNode.Kind) -> KQLOperatorNode {
      KQLOperatorNode(
        kind: kind, keywordSpan: keyword.span, span: Span(start: start, end: previousEnd))
    }
    switch word {
    case "where", "filter":
      return node(.where(parseExpression()))
    case "project":
      return node(.project(parseAssignments(until: [])))
    case "extend":
      return node(.extend(parseAssignments(until: [])))
    case "project-away":
      return node(.projectAway(parseNamePatterns()))
    case "project-keep":
      return node(.projectKeep(parseNamePatterns()))
    case "project-reorder":
      return node(.projectReorder(parseNamePatterns()))
    case "project-rename":
      var renames: [KQLRename] = []
      repeat {
        guard let newName = expectIdentifier("a new column name") else { break }
        expectSymbol("=")
        guard let oldName = expectIdentifier("a column name") else { break }
        renames.append(KQLRename(newName: newName, oldName: oldName))
      } while acceptSymbol(",")
      return node(.projectRename(renames))
    case "sort", "order":
      expectWord("by")
      var items: [KQLSortItem] = []
      repeat { items.append(parseSortItem()) } while acceptSymbol(",")
      return node(.sort(items))
    case "top":
      let count = parseAdditive()
      expectWord("by")
      return node(.top(count: count, by: parseSortItem()))
    case "top-nested":
      return node(.topNested(parseTopNested()))
    case "take", "limit":
      return node(.take(parseExpression()))
    case "partition":
      return node(.partition(parsePartition()))
    case "sample":
      return node(.sample(parseExpression()))
    case "sample-distinct":
      let count = parseAdditive()
      expectWord("of")
      return node(.sampleDistinct(count: count, of: parseExpression()))
    case "distinct":
      if acceptSymbol("*") { return node(.distinct([])) }
      return node(.distinct(parseAssignments(until: [])))
    case "count":
      if acceptWord("as") { return node(.count(expectIdentifier("a column name"))) }
      return node(.count(nil))
    case "getschema":
      return node(.getschema)
    case "summarize":
      _ = skipHints()
      let aggregates = parseAssignments(until: ["by"])
      var keys: [KQLAssignment] = []
      if acceptWord("by") { keys = parseAssignments(until: []) }
      return node(.summarize(aggregates: aggregates, by: keys))
    case "join", "lookup":
      var kind: KQLIdentifier?
      var hints: [KQLIdentifier] = []
      while let option = current.word, peek(1).isSymbol("=") {
        if option == "kind" {
          advance()
          advance()
          kind = expectIdentifier("a join kind")
        } else {
          hints.append(KQLIdentifier(name: option, span: advance().span))
          advance()
          advance()
        }
      }
      let right: KQLExpression
      if current.isSymbol("(") {
        right = parsePrimary()
      } else {
        right = parsePostfix()
      }
      var keys: [KQLExpression] = []
      if acceptWord("on") {
        repeat { keys.append(parseExpression()) } while acceptSymbol(",")
      } else {
        reportExpected("'on' and the join keys")
      }
      if word == "lookup" { return node(.lookup(kind: kind, right: right, on: keys)) }
      return node(.join(kind: kind, right: right, on: keys, hints: hints))
    case "union":
      return node(.union(parseUnionClause()))
    // `mvexpand` is the legacy spelling of `mv-expand` (same options and items).
    case "mv-expand", "mvexpand", "mv-apply":
      var indexName: KQLIdentifier?
      var bagsAsArrays = false
      while let option = current.word, peek(1).isSymbol("=") {
        if option == "with_itemindex" {
          advance()
          advance()
          indexName = expectIdentifier("an index column name")
        } else if option == "bagexpansion" || option == "kind" {
          advance()
          advance()
          bagsAsArrays = current.isWord("array")
          advance()
        } else {
          break
        }
      }
      var items: [KQLMvExpandItem] = []
      repeat {
        let assignment = parseAssignment()
        var typeName: KQLIdentifier?
        if acceptWord("to") {
          expectWord("typeof")
          expectSymbol("(")
          typeName = parseTypeName()
          expectSymbol(")")
        }
        items.append(KQLMvExpandItem(assignment: assignment, typeName: typeName))
      } while acceptSymbol(",")
      let rowLimit = acceptWord("limit") ? parseExpression() : nil
      guard word == "mv-apply" else {
        return node(
          .mvExpand(items: items, indexName: indexName, rowLimit: rowLimit, bagsAsArrays: bagsAsArrays))
      }
      expectWord("on")
      expectSymbol("(")
      let body = parseSubPipeline()
      return node(.mvApply(items: items, indexName: indexName, rowLimit: rowLimit, body: body))
    case "parse", "parse-where":
      var isRegex = false
      while let option = current.word, peek(1).isSymbol("="), option == "kind" || option == "flags" {
        advance()
        advance()
        if option == "kind" { isRegex = current.isWord("regex") }
        advance()
      }
      let value = parseAdditive()
      expectWord("with")
      var parts: [KQLParsePart] = []
      while !atOperatorBoundary {
        if case .string(let text) = current.kind {
          advance()
          parts.append(.text(text))
        } else if acceptSymbol("*") {
          parts.append(.wildcard)
        } else if let name = bracketedName() {
          var typeName: KQLIdentifier?
          if acceptSymbol(":") { typeName = parseTypeName() }
          parts.append(.column(name, typeName: typeName))
        } else if let name = current.word {
          let token = advance()
          var typeName: KQLIdentifier?
          if acceptSymbol(":") { typeName = parseTypeName() }
          parts.append(.column(KQLIdentifier(name: name, span: token.span), typeName: typeName))
        } else {
          reportExpected("a string, a column name or '*' in the parse pattern")
          break
        }
      }
      return node(
        .parse(
          KQLParseClause(
            isRegex: isRegex, dropsUnmatched: word == "parse-where", value: value, parts: parts)))
    case "parse-kv":
      let value = parseAdditive()
      expectWord("as")
      var keys: [KQLColumnDeclaration] = []
      if current.isSymbol("(") { keys = parseColumnDeclarations() } else { reportExpected("'(' before the keys") }
      var options: [KQLAssignment]?
      if acceptWord("with") {
        var written: [KQLAssignment] = []
        expectSymbol("(")
        while !atEnd, !current.isSymbol(")") {
          guard let name = expectIdentifier("an option name") else { break }
          expectSymbol("=")
          written.append(KQLAssignment(name: name, value: parseExpression()))
          if !acceptSymbol(",") { break }
        }
        expectSymbol(")")
        options = written
      }
      return node(.parseKV(KQLParseKVClause(value: value, keys: keys, options: options)))
    case "serialize":
      return node(.serialize(parseAssignments(until: [])))
    case "as":
      _ = skipHints()
      return node(.as(expectIdentifier("a name") ?? KQLIdentifier(name: "", span: .at(previousEnd))))
    case "invoke":
      return node(.invoke(parsePostfix()))
    case "render":
      guard let clause = parseRender() else {
        skipToOperatorBoundary()
        return nil
      }
      return node(.render(clause))
    case "make-series":
      return node(.makeSeries(parseMakeSeries()))
    case "search":
      return node(.search(parseSearch(allowsTables: false)))
    case "evaluate":
      guard let clause = parseEvaluate() else {
        skipToOperatorBoundary()
        return nil
      }
      return node(.evaluate(clause))
    default:
      if Self.unsupportedOperators.contains(word) {
        skipToOperatorBoundary()
        return node(.unsupported(word))
      }
      let help = NameSuggester.help(for: word, among: Self.knownOperators)
      report(KQLDiagnostics.unknownOperator(word, at: keyword.span, help: help))
      skipToOperatorBoundary()
      return nil
    }
  }

  /// The clauses of `top-nested`, after its first keyword: each `[N] of [Name =] value [with others = value] by
  /// [Name =] aggregate [asc|desc]`, the next after `, top-nested`.
  mutating func parseTopNested() -> [KQLTopNestedClause] {
    var clauses: [KQLTopNestedClause] = []
    repeat {
      if !clauses.isEmpty { expectWord("top-nested") }
      let count = current.isWord("of") ? nil : parseAdditive()
      expectWord("of")
      let value = parseAssignment()
      var others: KQLExpression?
      if acceptWord("with") {
        expectWord("others")
        expectSymbol("=")
        others = parseExpression()
      }
      expectWord("by")
      let aggregate = parseAssignment()
      var ascending = false
      if acceptWord("asc") {
        ascending = true
      } else {
        _ = acceptWord("desc")
      }
      clauses.append(
        KQLTopNestedClause(count: count, value: value, others: others, aggregate: aggregate, ascending: ascending))
    } while acceptSymbol(",")
    return clauses
  }

  /// `[hint.name=value …] by Column (operators)` or `… by Column { query }`, after `partition`.
  mutating func parsePartition() -> KQLPartitionClause {
    let hints = skipHints()
    expectWord("by")
    let column = expectIdentifier("the partition column") ?? KQLIdentifier(name: "", span: .at(previousEnd))
    let start = current.span.start
    guard acceptSymbol("(") else {
      if current.isSymbol("{") {
        skipToOperatorBoundary()
      } else {
        reportExpected("'(' and the subquery")
      }
      return KQLPartitionClause(
        hints: hints, column: column, body: nil, bodySpan: Span(start: start, end: previousEnd))
    }
    let body = parseSubPipeline()
    return KQLPartitionClause(hints: hints, column: column, body: body, bodySpan: Span(start: start, end: previousEnd))
  }

  /// The operators of a parenthesised sub-pipeline (`mv-apply … on (…)`, `partition by … (…)`), after its `(`,
  /// through its `)`.
  mutating func parseSubPipeline() -> [KQLOperatorNode] {
    var body: [KQLOperatorNode] = []
    repeat {
      let before = index
      if let operatorNode = parseOperator() { body.append(operatorNode) }
      if !atOperatorBoundary {
        reportExpected("'|' or the end of the operator")
        skipToOperatorBoundary()
      }
      if index == before, !atOperatorBoundary { advance() }
    } while acceptSymbol("|")
    expectSymbol(")")
    return body
  }

  /// The arguments of `make-series`, after its keyword.
  mutating func parseMakeSeries() -> KQLMakeSeriesClause {
    var nonEmpty = false
    while let option = current.word, peek(1).isSymbol("="), option == "kind" || option.hasPrefix("hint.") {
      advance()
      advance()
      if option == "kind" { nonEmpty = current.isWord("nonempty") }
      advance()
    }
    var aggregates: [KQLSeriesAggregateItem] = []
    repeat {
      if atOperatorBoundary || current.isWord("on") {
        reportExpected("an aggregate")
        break
      }
      let assignment = parseAssignment()
      var defaultValue: KQLExpression?
      if current.isWord("default"), peek(1).isSymbol("=") {
        advance()
        advance()
        defaultValue = parseExpression()
      }
      aggregates.append(KQLSeriesAggregateItem(assignment: assignment, defaultValue: defaultValue))
    } while acceptSymbol(",")
    expectWord("on")
    let axis = parseAdditive()
    var start: KQLExpression?
    var end: KQLExpression?
    var step: KQLExpression?
    var rangeSpan: Span?
    if current.isWord("in"), peek(1).isWord("range") {
      let rangeStart = advance().span.start
      advance()
      expectSymbol("(")
      start = parseExpression()
      expectSymbol(",")
      end = parseExpression()
      expectSymbol(",")
      step = parseExpression()
      expectSymbol(")")
      rangeSpan = Span(start: rangeStart, end: previousEnd)
    } else {
      if acceptWord("from") { start = parseAdditive() }
      if acceptWord("to") { end = parseAdditive() }
      expectWord("step")
      step = parseAdditive()
    }
    var keys: [KQLAssignment] = []
    if acceptWord("by") { keys = parseAssignments(until: []) }
    return KQLMakeSeriesClause(
      nonEmpty: nonEmpty, aggregates: aggregates, axis: axis, start: start, end: end, step: step,
      rangeSpan: rangeSpan, keys: keys)
  }

  /// `[hints] plugin(arguments) [: (schema)]` after `evaluate`; nil when no plugin call follows (diagnosed).
  mutating func parseEvaluate() -> KQLEvaluateClause? {
    _ = skipHints()
    guard let plugin = expectIdentifier("a plugin name") else { return nil }
    expectSymbol("(")
    var arguments: [KQLExpression] = []
    var named: [KQLAssignment] = []
    while !atEnd, !current.isSymbol(")") {
      if let word = current.word, peek(1).isSymbol("="), !peek(2).isSymbol("=") {
        let token = advance()
        advance()
        named.append(KQLAssignment(name: KQLIdentifier(name: word, span: token.span), value: parseExpression()))
      } else {
        arguments.append(parseExpression())
      }
      if !acceptSymbol(",") { break }
    }
    expectSymbol(")")
    var schema: [KQLColumnDeclaration]?
    var keepsInput = false
    if acceptSymbol(":") {
      expectSymbol("(")
      var columns: [KQLColumnDeclaration] = []
      if acceptSymbol("*") {
        keepsInput = true
        _ = acceptSymbol(",")
      }
      while !atEnd, !current.isSymbol(")") {
        guard let name = bracketedName() ?? expectIdentifier("a column name") else { break }
        expectSymbol(":")
        columns.append(KQLColumnDeclaration(name: name, typeName: parseTypeName()))
        if !acceptSymbol(",") { break }
      }
      expectSymbol(")")
      schema = columns
    }
    return KQLEvaluateClause(
      plugin: plugin, arguments: arguments, namedArguments: named, schema: schema, schemaKeepsInput: keepsInput)
  }

  /// `[kind=…] [in (T1, T2*)] predicate` after `search`; in the predicate `Col:"x"` means `Col has "x"`.
  mutating func parseSearch(allowsTables: Bool, isFind: Bool = false) -> KQLSearchClause {
    var caseSensitive = false
    while let option = current.word, peek(1).isSymbol("="), option == "kind" || option.hasPrefix("hint.") {
      advance()
      advance()
      if option == "kind" { caseSensitive = current.isWord("case_sensitive") }
      advance()
    }
    var tables: [KQLExpression]?
    if allowsTables, current.isWord("in"), peek(1).isSymbol("(") {
      advance()
      advance()
      var names: [KQLExpression] = []
      repeat {
        let start = current.span.start
        var pattern = ""
        var end = start
        while current.word != nil || current.isSymbol("*"), pattern.isEmpty || current.span.start == end {
          pattern += current.word ?? "*"
          end = advance().span.end
        }
        if pattern.isEmpty {
          reportExpected("a table name")
          break
        }
        names.append(KQLExpression(.name(pattern), span: Span(start: start, end: end)))
      } while acceptSymbol(",")
      expectSymbol(")")
      tables = names
    }
    if isFind {
      // `where` is required after `in (…)`, optional otherwise.
      if tables != nil { expectWord("where") } else { _ = acceptWord("where") }
    }
    searchColonTerms = !isFind
    defer { searchColonTerms = false }
    let predicate = parseExpression()
    return KQLSearchClause(caseSensitive: caseSensitive, tables: tables, predicate: predicate)
  }

  /// `[withsource=Name] [in (T1, T2*)] [where] predicate [project-smart | project Col[:type], …]` after `find`.
  mutating func parseFind() -> KQLFindClause {
    var withSource: KQLIdentifier?
    if current.isWord("withsource"), peek(1).isSymbol("=") {
      advance()
      advance()
      withSource = expectIdentifier("a column name")
    }
    let search = parseSearch(allowsTables: true, isFind: true)
    var projection: [(name: KQLIdentifier, typeName: KQLIdentifier?)]?
    var projectionSpan = Span.at(previousEnd)
    var packsAll = false
    if current.isWord("project-smart") {
      projectionSpan = advance().span
    } else if current.isWord("project") {
      projectionSpan = advance().span
      var items: [(name: KQLIdentifier, typeName: KQLIdentifier?)] = []
      repeat {
        // `pack(*)` (the documented spelling) or `pack_all()`.
        let packsStar = current.isWord("pack") && peek(1).isSymbol("(") && peek(2).isSymbol("*")
        if packsStar || (current.isWord("pack_all") && peek(1).isSymbol("(")) {
          packsAll = true
          projectionSpan = advance().span
          advance()
          if packsStar { advance() }
          expectSymbol(")")
          continue
        }
        guard let name = bracketedName() ?? expectIdentifier("a column name") else { break }
        items.append((name, acceptSymbol(":") ? parseTypeName() : nil))
      } while acceptSymbol(",")
      projection = items
    }
    return KQLFindClause(
      withSource: withSource, search: search, projection: projection, projectionSpan: projectionSpan,
      packsAll: packsAll)
  }
}
