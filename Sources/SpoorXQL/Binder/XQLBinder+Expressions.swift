import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// A bound expression and what the comparison rules need to know about where it came from.
struct XQLBound {
  /// A literal as written in the query.
  enum Literal: Equatable {
    case string(String)
    case number(String)
    case boolean(Bool)
    case null
    /// `ENUM.X` or a bare constant: the stored text.
    case enumConstant(String)
  }

  var expression: ScalarExpression
  var literal: Literal?
  /// True for a column holding ENUM text.
  var isEnumColumn = false
  /// True for a raw dataset's field read from its document (``XQLScope/documentField(_:side:span:)``): text that
  /// holds whatever the log carried, a number compared with a number as a number.
  var isDocumentField = false

  var type: DataType { expression.type }

  /// A raw dataset's document field read as a number (null when its text is none), as it compares with a number
  /// and feeds a numeric aggregate (Palo Alto's examples compare a raw `proto = 6`); any other value as it is.
  var numberIfDocumentField: XQLBound {
    guard isDocumentField else { return self }
    return XQLBound(expression: .call(.toReal, [expression], type: .real, span: expression.span))
  }

  /// A raw dataset's document field read as an integer (null when its text is none), for the functions that take
  /// one (`to_timestamp(epoch_field, "MILLIS")`); any other value as it is.
  var integerIfDocumentField: XQLBound {
    guard isDocumentField else { return self }
    return XQLBound(expression: .call(.toLong, [expression], type: .long, span: expression.span))
  }

  /// A raw dataset's document field read as its JSON value, so an array (or object) the log carried stays one for
  /// the array functions and `arrayexpand`; any other value as it is.
  var jsonIfDocumentField: XQLBound {
    guard isDocumentField, case .call(.memberText, let arguments) = expression.kind else { return self }
    return XQLBound(expression: .call(.memberAccess, arguments, type: .dynamic, span: expression.span))
  }
}

/// Where names in an expression resolve.
struct XQLNameContext {
  /// The columns in scope (the left side in a join condition).
  var scope: XQLScope
  /// In a join condition: the alias and the right side's columns.
  var join: (alias: String, right: XQLScope)?
  /// Inside the expression of an array function (`arraymap`, `arrayfilter`, …): `"@element"` is the element.
  var readsArrayElement = false

  var caseSensitive: Bool { scope.options.caseSensitive }
}

extension XQLBinder {
  /// Binds an expression that must be boolean (`filter`, join conditions).
  mutating func bindCondition(_ expression: XQLExpression, _ context: XQLNameContext) -> ScalarExpression? {
    guard let bound = bind(expression, context) else { return nil }
    guard bound.type == .bool else {
      report(XQLDiagnostics.notACondition(bound.type.rawValue, expression.span))
      return nil
    }
    return bound.expression
  }

  /// Binds any expression; nil after reporting an error.
  mutating func bind(_ expression: XQLExpression, _ context: XQLNameContext) -> XQLBound? {
    let span = expression.span
    switch expression.kind {
    case .missing:
      return nil
    case .string(let value, _):
      if context.readsArrayElement, value == ScalarExpression.arrayElementName {
        return XQLBound(expression: .column(ScalarExpression.arrayElementName, .string, span: span))
      }
      return XQLBound(expression: .literal(.string(value), span: span), literal: .string(value))
    case .number(let text):
      guard let value = Self.numberValue(text) else {
        report(XQLDiagnostics.invalidNumber(text, span))
        return nil
      }
      return XQLBound(expression: .literal(value, span: span), literal: .number(text))
    case .boolean(let value):
      return XQLBound(expression: .literal(.bool(value), span: span), literal: .boolean(value))
    case .null:
      return XQLBound(expression: .literal(.null(.string), span: span), literal: .null)
    case .identifier(let name):
      return bindName(name, span: span, context)
    case .qualified(let prefix, let member):
      return bindQualified(prefix, member, context)
    case .call(let name, let arguments):
      return bindCall(name, arguments, span: span, context)
    case .unary(.not, let operand):
      guard let inner = bindCondition(operand, context) else { return nil }
      return XQLBound(expression: .call(.not, [inner], type: .bool, span: span))
    case .unary(.negate, let operand):
      guard let inner = bind(operand, context) else { return nil }
      guard inner.type.isNumeric else {
        report(XQLDiagnostics.needs("'-'", .number, found: inner.type.rawValue, span))
        return nil
      }
      if case .number(let text) = inner.literal, let value = Self.numberValue("-" + text) {
        return XQLBound(expression: .literal(value, span: span), literal: .number("-" + text))
      }
      return XQLBound(expression: .call(.negate, [inner.expression], type: inner.type, span: span))
    case .binary(let op, let left, let right):
      return bindBinary(op, left, right, span: span, context)
    case .inList(let subject, let items, let negated):
      return bindInList(subject, items, negated: negated, span: span, context)
    case .inQuery(let subject, let query, let negated):
      let boundSubject = bind(subject, context)
      let inner = bindQuery(query, inherited: context.scope.options)
      guard let boundSubject, let inner else { return nil }
      guard inner.columns.count == 1 else {
        report(
          XQLDiagnostics.inQueryFields(inner.columns.count, query.span))
        return nil
      }
      // Reference §3: case_sensitive does not apply to comparisons with an inner query.
      let test = ScalarExpression(
        .inSubquery(boundSubject.expression, inner.relation, caseSensitive: true), type: .bool, span: span)
      return XQLBound(expression: negated ? .call(.not, [test], type: .bool, span: span) : test)
    }
  }

  static func numberValue(_ text: String) -> Value? {
    if let integer = Int64(text) { return .long(integer) }
    if let real = Double(text), real.isFinite { return .real(real) }
    return nil
  }

  /// `$name` in the top-level query: a Cortex query parameter, its value a string given by the caller.
  mutating func bindQueryParameter(_ name: String, span: Span) -> XQLBound? {
    if let value = queryParameters.values[name] {
      return XQLBound(expression: .literal(.string(value), span: span), literal: .string(value))
    }
    switch queryParameters.unbound {
    case .refused:
      report(XQLDiagnostics.unboundParameter(name, span))
      return nil
    case .placeholder:
      report(XQLDiagnostics.placeholderParameter(name, span))
      return XQLBound(expression: .literal(.string(""), span: span), literal: .string(""))
    }
  }

  mutating func bindName(_ name: String, span: Span, _ context: XQLNameContext) -> XQLBound? {
    if name.hasPrefix("$"), !parameters.isEmpty || !callChain.isEmpty {
      guard let value = parameters[String(name.dropFirst())] else {
        report(
          XQLDiagnostics.unknownField(name, span, help: "pass it in the call: call \"…\" \(name.dropFirst()) = value"))
        return nil
      }
      return bind(value, context)
    }
    if name.hasPrefix("$"), context.scope.types[name] == nil {
      return bindQueryParameter(String(name.dropFirst()), span: span)
    }
    // The exact name first (one lookup); another spelling only when it misses.
    if let (name, type) = context.scope.types[name].map({ (name, $0) })
      ?? context.scope.resolve(name).flatMap({ resolved in context.scope.types[resolved].map { (resolved, $0) } })
    {
      let kind: ScalarExpression.Kind = context.join == nil ? .column(name) : .joinColumn(.left, name)
      return XQLBound(
        expression: ScalarExpression(kind, type: type, span: span),
        isEnumColumn: context.scope.enumColumns.contains(name))
    }
    if catalog.enumValues.contains(name) {
      return XQLBound(expression: .literal(.string(name), span: span), literal: .enumConstant(name))
    }
    if let field = context.scope.documentField(name, side: context.join == nil ? nil : .left, span: span) {
      return XQLBound(expression: field, isDocumentField: true)
    }
    var candidates = context.scope.columnNames
    if let join = context.join { candidates += join.right.columnNames.map { "\(join.alias).\($0)" } }
    report(XQLDiagnostics.unknownField(name, span, help: NameSuggester.help(for: name, among: candidates)))
    return nil
  }

  mutating func bindQualified(_ prefix: XQLName, _ member: XQLName, _ context: XQLNameContext) -> XQLBound? {
    let span = prefix.span.union(member.span)
    if let join = context.join, prefix.text.lowercased() == join.alias.lowercased() {
      guard let name = join.right.resolve(member.text), let type = join.right.types[name] else {
        if let field = join.right.documentField(member.text, side: .right, span: span) {
          return XQLBound(expression: field, isDocumentField: true)
        }
        report(
          XQLDiagnostics.unknownField(
            "\(prefix.text).\(member.text)", member.span,
            help: NameSuggester.help(for: member.text, among: join.right.columnNames)))
        return nil
      }
      return XQLBound(
        expression: ScalarExpression(.joinColumn(.right, name), type: type, span: span),
        isEnumColumn: join.right.enumColumns.contains(name))
    }
    // Names are ASCII (the lexer's identifier rule): the same test as `uppercased() == "ENUM"`, without the copy.
    if XQLToken.equalsIgnoringASCIICase(prefix.text, "enum") {
      // Constants are usually written in capitals already: then the name is the constant, without a copy.
      let isUppercase = !member.text.utf8.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
      let constant = isUppercase ? member.text : member.text.uppercased()
      guard catalog.enumValues.contains(constant) else {
        let help = NameSuggester.help(for: member.text, among: catalog.enumValues.sorted())
        // A dataset without ENUM fields of its own (anything but xdr_data's views) has ENUM values Spoor's reference
        // does not list (`dataset = va_cves | filter os_type = ENUM.LINUX`): a constant that is no near miss of a
        // known one is its text, with a warning.
        if help == nil, context.scope.enumColumns.isEmpty {
          report(XQLDiagnostics.enumOfUnknownSet(constant, member.span))
          return XQLBound(expression: .literal(.string(constant), span: span), literal: .enumConstant(constant))
        }
        report(XQLDiagnostics.unknownEnumConstant(member.text, member.span, help: help))
        return nil
      }
      return XQLBound(expression: .literal(.string(constant), span: span), literal: .enumConstant(constant))
    }
    let aliases = context.join.map { [$0.alias, "ENUM"] } ?? ["ENUM"]
    report(
      XQLDiagnostics.unknownAlias(prefix.text, prefix.span, help: NameSuggester.help(for: prefix.text, among: aliases)))
    return nil
  }

  // MARK: Operators

  mutating func bindBinary(
    _ op: XQLBinaryOperator, _ left: XQLExpression, _ right: XQLExpression, span: Span, _ context: XQLNameContext
  ) -> XQLBound? {
    switch op {
    case .and, .or:
      // An `and`/`or` chain (an IOC list) nests the syntax tree as deep as it is long: its operands are collected
      // with an explicit stack, in order, and bound into one flat call.
      var operands: [ScalarExpression] = []
      var pending = [right, left]
      var failed = false
      while let next = pending.popLast() {
        if case .binary(let inner, let innerLeft, let innerRight) = next.kind, inner == op {
          pending.append(innerRight)
          pending.append(innerLeft)
        } else if let bound = bindCondition(next, context) {
          operands.append(bound)
        } else {
          failed = true
        }
      }
      guard !failed else { return nil }
      return XQLBound(expression: .call(op == .and ? .and : .or, operands, type: .bool, span: span))
    case .add, .subtract, .multiply, .divide:
      let lhs = bind(left, context)
      let rhs = bind(right, context)
      guard let lhs, let rhs else { return nil }
      guard lhs.type.isNumeric, rhs.type.isNumeric else {
        // Palo Alto's operators add numbers only; strings join with concat(), timestamps go through to_epoch().
        let help: XQLDiagnostics.ArithmeticHelp? =
          lhs.type == .datetime || rhs.type == .datetime
          ? .timestamps : op == .add && (lhs.type == .string || rhs.type == .string) ? .concat : nil
        report(XQLDiagnostics.arithmeticTypes(op.rawValue, lhs.type.rawValue, rhs.type.rawValue, span, help: help))
        return nil
      }
      let function: ScalarFunction
      switch op {
      case .subtract: function = .subtract
      case .multiply: function = .multiply
      case .divide: function = .divide
      default: function = .add
      }
      let type: DataType = lhs.type == .real || rhs.type == .real ? .real : .long
      return XQLBound(expression: .call(function, [lhs.expression, rhs.expression], type: type, span: span))
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
      let lhs = bind(left, context)
      let rhs = bind(right, context)
      guard let lhs, let rhs else { return nil }
      return compare(op, lhs, rhs, span: span, context)
    case .contains, .notContains:
      let lhs = bind(left, context)
      let rhs = bind(right, context)
      guard let lhs, let rhs else { return nil }
      if lhs.type == .dynamic, lhs.literal == nil {
        // An array or object field: whether Cortex tests its elements or its JSON text is not in the reference.
        report(XQLDiagnostics.containsOnJSON(left.span))
        return nil
      }
      guard let subject = stringOperand(lhs, "contains", left.span),
        let pattern = stringOperand(rhs, "contains", right.span)
      else { return nil }
      // Reference §9.1: `*` is literal in `contains`.
      let test = ScalarExpression.call(
        .contains(caseSensitive: context.caseSensitive), [subject, pattern], type: .bool, span: span)
      return XQLBound(expression: op == .contains ? test : .call(.not, [test], type: .bool, span: span))
    case .regexMatch, .notRegexMatch:
      let lhs = bind(left, context)
      let rhs = bind(right, context)
      guard let lhs, let rhs else { return nil }
      guard let subject = stringOperand(lhs, "~=", left.span) else { return nil }
      guard case .string = rhs.literal else {
        report(XQLDiagnostics.notALiteral(.regex, right.span))
        return nil
      }
      // Reference §3/§9.2: regex is case-sensitive unless the pattern starts with (?i).
      let test = ScalarExpression.call(
        .matchesRegex(caseSensitive: true), [subject, rhs.expression], type: .bool, span: span)
      return XQLBound(expression: op == .regexMatch ? test : .call(.not, [test], type: .bool, span: span))
    case .incidr, .notIncidr, .incidr6, .notIncidr6:
      let lhs = bind(left, context)
      let rhs = bind(right, context)
      guard let lhs, let rhs else { return nil }
      guard let test = inCIDR(lhs, rhs, leftSpan: left.span, rightSpan: right.span, span: span) else { return nil }
      let negated = op == .notIncidr || op == .notIncidr6
      return XQLBound(expression: negated ? .call(.not, [test], type: .bool, span: span) : test)
    }
  }

  /// A string-typed operand: strings as they are, numbers converted, other types rejected.
  mutating func stringOperand(_ bound: XQLBound, _ what: String, _ span: Span) -> ScalarExpression? {
    switch bound.literal {
    case .number(let text): return .literal(.string(text), span: span)
    case .null:
      report(XQLDiagnostics.needs("'\(what)'", .string, found: "null", span))
      return nil
    default: break
    }
    switch bound.type {
    case .string, .guid: return bound.expression
    case .int, .long, .real, .bool:
      return .call(.toString, [bound.expression], type: .string, span: span)
    default:
      report(XQLDiagnostics.needs("'\(what)'", .string, found: bound.type.rawValue, span))
      return nil
    }
  }

  /// `ip incidr "cidr[, cidr…]"`: true when the address is in any of the ranges.
  mutating func inCIDR(_ address: XQLBound, _ ranges: XQLBound, leftSpan: Span, rightSpan: Span, span: Span)
    -> ScalarExpression?
  {
    guard let subject = stringOperand(address, "incidr", leftSpan) else { return nil }
    guard case .string(let text) = ranges.literal else {
      guard let other = stringOperand(ranges, "incidr", rightSpan) else { return nil }
      return .call(.inCIDR, [subject, other], type: .bool, span: span)
    }
    let parts = text.split(separator: ",").map { XQLParser.trimmed(String($0)) }
    var tests: [ScalarExpression] = []
    for part in parts {
      guard Self.isCIDR(part) else {
        report(XQLDiagnostics.notACIDRRange(part, rightSpan))
        return nil
      }
      tests.append(.call(.inCIDR, [subject, .literal(.string(part), span: rightSpan)], type: .bool, span: span))
    }
    guard var result = tests.first else {
      report(XQLDiagnostics.noCIDRRange(rightSpan))
      return nil
    }
    for test in tests.dropFirst() { result = .call(.or, [result, test], type: .bool, span: span) }
    return result
  }

  /// True for `a.b.c.d[/n]` (n ≤ 32) or an IPv6 address with an optional `/n` (n ≤ 128).
  static func isCIDR(_ text: String) -> Bool {
    let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
    guard pieces.count <= 2, let address = pieces.first else { return false }
    let prefix: Int? = pieces.count == 2 ? Int(pieces[1]) : nil
    if pieces.count == 2, prefix == nil { return false }
    let octets = address.split(separator: ".", omittingEmptySubsequences: false)
    if octets.count == 4, !address.contains(":") {
      guard octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }) else { return false }
      return (prefix ?? 32) <= 32
    }
    guard address.contains(":"), address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
    return (prefix ?? 128) <= 128 && address.count <= 45
  }
}
