import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// The right side of `in`, `has_any` and `has_all`.
enum ListOperand {
  /// Scalar candidates (constants expanded from `dynamic([...])`).
  case values([ScalarExpression])
  /// The rows of a one-column sub-query.
  case subquery(Relation)
  /// A computed dynamic array (`toscalar(T | summarize make_set(x))`), whose elements are the candidates.
  case array(ScalarExpression)
}

extension KQLBinder {
  /// A call expression.
  func call(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ type: DataType, _ span: Span
  )
    -> ScalarExpression
  {
    .call(function, arguments, type: type, span: span)
  }

  /// Binds a scalar expression; nil when it failed (already diagnosed).
  mutating func bindScalar(_ expression: KQLExpression, in scope: Scope) -> ScalarExpression? {
    let span = expression.span
    switch expression.kind {
    case .literal(let literal):
      return bindLiteral(literal, span: span)
    case .name(let name):
      return bindName(name, span: span, in: scope)
    case .logical(let op, let operands):
      var bound: [ScalarExpression] = []
      var failed = false
      for operand in operands {
        guard let value = bindScalar(operand, in: scope), requireBool(value, operand.span) else {
          failed = true
          continue
        }
        bound.append(value)
      }
      guard !failed else { return nil }
      return folded(op, bound, span: span)
    case .binary(let op, let left, let right):
      return bindBinary(op, left, right, span: span, in: scope)
    case .negate(let operand):
      guard let value = bindScalar(operand, in: scope) else { return nil }
      guard value.type.isNumeric || value.type == .timespan else {
        report(
          KQLDiagnostics.cannotNegate(value.type, at: span))
        return nil
      }
      return call(.negate, [value], value.type, span)
    case .call(let name, let arguments):
      return bindCall(name, arguments, span: span, in: scope)
    case .member(let base, let key):
      if case .name(let side) = base.kind, side == "$left" || side == "$right" {
        report(KQLDiagnostics.invalidJoinKey(at: span))
        return nil
      }
      guard let value = bindScalar(base, in: scope) else { return nil }
      guard let dynamicValue = requireDynamic(value, span) else { return nil }
      return call(
        .memberAccess, [dynamicValue, .literal(.string(key), span: span)], .dynamic, span)
    case .index(let base, let subscriptExpression):
      guard let value = bindScalar(base, in: scope),
        let key = bindScalar(subscriptExpression, in: scope)
      else {
        return nil
      }
      guard let dynamicValue = requireDynamic(value, span) else { return nil }
      if key.type == .string { return call(.memberAccess, [dynamicValue, key], .dynamic, span) }
      guard key.type == .long || key.type == .int else {
        report(
          KQLDiagnostics.indexType(at: subscriptExpression.span))
        return nil
      }
      return call(.indexAccess, [dynamicValue, key], .dynamic, span)
    case .list:
      report(
        KQLDiagnostics.listOutsideIn(at: span))
      return nil
    case .range:
      report(KQLDiagnostics.rangeOutsideBetween(at: span))
      return nil
    case .star:
      report(KQLDiagnostics.starNotAValue(at: span))
      return nil
    case .pipeline:
      report(KQLDiagnostics.notScalar(at: span))
      return nil
    case .missing:
      return nil
    }
  }

  /// An `and`/`or` with constant operands folded away (`not(isnull(text))` is the constant true) and the
  /// operands that can be null read as Kusto reads them, null as false (``truthValue(_:)``).
  func folded(_ op: KQLLogicalOperator, _ operands: [ScalarExpression], span: Span) -> ScalarExpression {
    let absorbing = op == .or
    var kept: [ScalarExpression] = []
    for operand in operands {
      switch operand.kind {
      case .literal(.bool(let value)):
        if value == absorbing { return .literal(.bool(absorbing), span: span) }
        continue
      case .literal(.null):
        // `bool(null)` reads as false: absorbing for `and`, neutral for `or`.
        if !absorbing { return .literal(.bool(false), span: span) }
        continue
      default:
        kept.append(Self.truthValue(operand))
      }
    }
    if kept.isEmpty { return .literal(.bool(!absorbing), span: span) }
    if kept.count == 1 { return kept[0] }
    return call(op == .and ? .and : .or, kept, .bool, span)
  }

  /// A dynamic value: dynamic values as they are, string columns (such as Defender's `AdditionalFields`) parsed as
  /// JSON.
  ///
  /// Advanced Hunting accepts `AdditionalFields.IsLocalLogon`: the column holds JSON text in Defender's schema and is
  /// `dynamic` in Sentinel's copy of the same tables, so a member of a string column reads the column as
  /// `parse_json` would. Any other string expression still needs an explicit `parse_json`, as in Kusto.
  mutating func requireDynamic(_ value: ScalarExpression, _ span: Span) -> ScalarExpression? {
    if value.type == .dynamic { return value }
    if value.type == .string, case .column = value.kind {
      return call(.toDynamic, [value], .dynamic, value.span ?? span)
    }
    report(
      KQLDiagnostics.memberAccess(on: value.type, at: span))
    return nil
  }

  mutating func requireBool(_ value: ScalarExpression, _ span: Span) -> Bool {
    if value.type == .bool { return true }
    report(
      KQLDiagnostics.notAPredicate(value.type, at: span))
    return false
  }

  mutating func bindName(_ name: String, span: Span, in scope: Scope) -> ScalarExpression? {
    if let substituted = scope.substitutions[name] { return substituted }
    if let column = scope.column(named: name) { return .column(name, column.type, span: span) }
    if let binding = scope.lets[name] {
      switch binding {
      case .scalar(let value):
        var copy = value
        copy.span = span
        return copy
      case .tabular:
        report(KQLDiagnostics.notScalar(at: span))
        return nil
      case .function(let function):
        if function.parameters.isEmpty,
          case .scalar(let value) = invoke(
            function, named: KQLIdentifier(name: name, span: span), arguments: [], scope: scope)
        {
          return value
        }
        report(KQLDiagnostics.notScalar(at: span))
        return nil
      case .error:
        return nil
      }
    }
    guard scope.columns != nil else { return nil }
    report(
      KQLDiagnostics.unknownColumn(
        name, in: scope.description, at: span,
        help: NameSuggester.help(for: name, among: scope.candidateNames)))
    return nil
  }

  /// The same value with `value.type` made comparable with `other`: dynamic values are converted to the other
  /// side's type, as Kusto does when comparing a dynamic value with a scalar.
  func converted(_ value: ScalarExpression, toMatch other: DataType) -> ScalarExpression {
    guard value.type == .dynamic, other != .dynamic else { return value }
    // Compared as a long against an int, and as a string against a guid.
    let type: DataType = other == .int ? .long : other == .guid ? .string : other
    return call(Self.conversion(to: type), [value], type, value.span ?? .at(0))
  }

  /// A constant Kusto's `==`, `!=` and `in` accept against a value of `other`'s type, as that type.
  ///
  /// Kusto's parser defines `==`/`!=`/`in` for any non-bool value against any scalar (`Operators.cs` of
  /// microsoft/Kusto-Query-Language), while the ordering operators take numbers (or bools) on both sides; the engine
  /// brings a constant to the type of the value it is compared with: Microsoft's own Log Analytics training filters
  /// the `int` column `SecurityEvent.EventID` with `EventID == "4624"` and gets the 4624 events. Spoor applies that
  /// one rule wherever the conversion is unambiguous:
  /// - numeric text against a number compares by value (`EventID == "4624"`);
  /// - an integer constant against a string compares as its decimal text, Kusto's `tostring` of it
  ///   (`ResultType == 0` on Sentinel's string `ResultType` is `ResultType == "0"`);
  /// - 0 or 1 against a bool reads as false or true, and the text `true`/`false` (any case, as `tobool` reads it)
  ///   against a bool reads as that bool.
  /// Anything else (text that is no number, a real against a string, two non-constant values of different types) is
  /// left for the type check to refuse: Kusto's engine reports "Cannot compare values of types …" there too.
  static func lenientConstant(_ value: ScalarExpression, toMatch other: DataType) -> ScalarExpression {
    guard case .literal(let constant) = value.kind else { return value }
    switch (constant, other) {
    case (.string(let text), .int), (.string(let text), .long), (.string(let text), .real):
      if other != .real, let number = Int64(text) { return .literal(.long(number), span: value.span) }
      if let number = Double(text), number.isFinite, text.allSatisfy({ !$0.isLetter }) {
        return .literal(.real(number), span: value.span)
      }
      return value
    case (.long(let number), .string), (.long(let number), .guid):
      return .literal(.string(String(number)), span: value.span)
    case (.long(let number), .bool) where number == 0 || number == 1:
      return .literal(.bool(number == 1), span: value.span)
    case (.string(let text), .bool) where ["true", "false"].contains(text.lowercased()):
      return .literal(.bool(text.lowercased() == "true"), span: value.span)
    default:
      return value
    }
  }

  /// The number constant Spoor does not convert that a string is compared with, or nil for other mismatches.
  static func quotableNumber(_ text: ScalarExpression, _ number: ScalarExpression) -> Double? {
    guard text.type == .string, case .literal(let constant) = number.kind else { return nil }
    switch constant {
    case .real(let value) where value.isFinite: return value
    default: return nil
    }
  }

  /// True when values of the two types can be compared.
  static func comparable(_ left: DataType, _ right: DataType) -> Bool {
    if left.isNumeric && right.isNumeric { return true }
    let text: Set<DataType> = [.string, .guid]
    if text.contains(left) && text.contains(right) { return true }
    return left == right
  }

  /// A string value: strings as they are, other values through `tostring`, as Kusto's string operators do.
  func asString(_ value: ScalarExpression) -> ScalarExpression {
    if value.type == .string || value.type == .guid { return value }
    return call(.toString, [value], .string, value.span ?? .at(0))
  }

  mutating func bindBinary(
    _ op: KQLBinaryOperator, _ leftSyntax: KQLExpression, _ rightSyntax: KQLExpression, span: Span,
    in scope: Scope
  ) -> ScalarExpression? {
    switch op {
    case .in, .notIn, .inIgnoringCase, .notInIgnoringCase, .hasAny, .hasAll:
      return bindMembership(op, leftSyntax, rightSyntax, span: span, in: scope)
    case .between, .notBetween:
      return bindBetween(negated: op == .notBetween, leftSyntax, rightSyntax, span: span, in: scope)
    default:
      break
    }
    let leftValue = bindScalar(leftSyntax, in: scope)
    let rightValue = bindScalar(rightSyntax, in: scope)
    guard var left = leftValue, var right = rightValue else { return nil }
    switch op {
    case .add, .subtract, .multiply, .divide, .modulo:
      return bindArithmetic(op, left, right, span: span)
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
      left = converted(left, toMatch: right.type)
      right = converted(right, toMatch: left.type)
      if op == .equal || op == .notEqual {
        left = Self.lenientConstant(left, toMatch: right.type)
        right = Self.lenientConstant(right, toMatch: left.type)
      }
      guard Self.comparable(left.type, right.type) else {
        report(
          KQLDiagnostics.cannotCompare(
            left.type, right.type, using: op.rawValue, at: span,
            quotable: Self.quotableNumber(left, right) ?? Self.quotableNumber(right, left)))
        return nil
      }
      let function: ScalarFunction
      switch op {
      case .equal: return kustoEqual(left, right, span: span)
      case .notEqual: return kustoNotEqual(left, right, span: span)
      case .less: function = .less
      case .lessOrEqual: function = .lessOrEqual
      case .greater: function = .greater
      default: function = .greaterOrEqual
      }
      return call(function, [left, right], .bool, span)
    case .equalIgnoringCase, .notEqualIgnoringCase:
      let function: ScalarFunction =
        op == .equalIgnoringCase ? .equalIgnoringCase : .notEqualIgnoringCase
      return call(function, [asString(left), asString(right)], .bool, span)
    case .matchesRegex:
      guard case .literal(.string) = right.kind else {
        report(
          KQLDiagnostics.expectedConstant(
            "the regular expression of 'matches regex'", at: rightSyntax.span))
        return nil
      }
      return call(.matchesRegex(caseSensitive: true), [asString(left), right], .bool, span)
    default:
      guard let (function, negated) = Self.stringPredicate(op) else {
        report(KQLDiagnostics.scalarOperator(op.rawValue, at: span))
        return nil
      }
      let predicate = call(function, [asString(left), asString(right)], .bool, span)
      return negated ? call(.not, [predicate], .bool, span) : predicate
    }
  }

  /// The plan function of a string operator and whether it is negated.
  static func stringPredicate(_ op: KQLBinaryOperator) -> (ScalarFunction, Bool)? {
    switch op {
    case .contains: return (.contains(caseSensitive: false), false)
    case .notContains: return (.contains(caseSensitive: false), true)
    case .containsCS: return (.contains(caseSensitive: true), false)
    case .notContainsCS: return (.contains(caseSensitive: true), true)
    case .has: return (.hasTerm(caseSensitive: false), false)
    case .notHas: return (.hasTerm(caseSensitive: false), true)
    case .hasCS: return (.hasTerm(caseSensitive: true), false)
    case .notHasCS: return (.hasTerm(caseSensitive: true), true)
    case .hasPrefix: return (.hasPrefix(caseSensitive: false), false)
    case .notHasPrefix: return (.hasPrefix(caseSensitive: false), true)
    case .hasPrefixCS: return (.hasPrefix(caseSensitive: true), false)
    case .notHasPrefixCS: return (.hasPrefix(caseSensitive: true), true)
    case .hasSuffix: return (.hasSuffix(caseSensitive: false), false)
    case .notHasSuffix: return (.hasSuffix(caseSensitive: false), true)
    case .hasSuffixCS: return (.hasSuffix(caseSensitive: true), false)
    case .notHasSuffixCS: return (.hasSuffix(caseSensitive: true), true)
    case .startsWith: return (.startsWith(caseSensitive: false), false)
    case .notStartsWith: return (.startsWith(caseSensitive: false), true)
    case .startsWithCS: return (.startsWith(caseSensitive: true), false)
    case .notStartsWithCS: return (.startsWith(caseSensitive: true), true)
    case .endsWith: return (.endsWith(caseSensitive: false), false)
    case .notEndsWith: return (.endsWith(caseSensitive: false), true)
    case .endsWithCS: return (.endsWith(caseSensitive: true), false)
    case .notEndsWithCS: return (.endsWith(caseSensitive: true), true)
    default: return nil
    }
  }

  mutating func bindArithmetic(
    _ op: KQLBinaryOperator, _ left: ScalarExpression, _ right: ScalarExpression, span: Span
  )
    -> ScalarExpression?
  {
    let function: ScalarFunction
    switch op {
    case .add: function = .add
    case .subtract: function = .subtract
    case .multiply: function = .multiply
    case .divide: function = .divide
    default: function = .modulo
    }
    let type: DataType?
    switch (left.type, right.type) {
    case (let a, let b) where a.isNumeric && b.isNumeric:
      if a == .real || b == .real {
        type = .real
      } else if a == .int && b == .int {
        type = .int
      } else {
        type = .long
      }
    case (.datetime, .datetime) where op == .subtract: type = .timespan
    case (.datetime, .timespan) where op == .add || op == .subtract: type = .datetime
    case (.timespan, .datetime) where op == .add: type = .datetime
    case (.timespan, .timespan) where op == .add || op == .subtract: type = .timespan
    case (.timespan, .timespan) where op == .divide: type = .real
    case (.timespan, let b) where b.isNumeric && (op == .multiply || op == .divide):
      type = .timespan
    case (let a, .timespan) where a.isNumeric && op == .multiply: type = .timespan
    default: type = nil
    }
    guard let type else {
      report(
        KQLDiagnostics.operatorTypes(op.rawValue, left.type, right.type, at: span))
      return nil
    }
    return call(function, [left, right], type, span)
  }

  mutating func bindBetween(
    negated: Bool, _ leftSyntax: KQLExpression, _ rightSyntax: KQLExpression, span: Span, in scope: Scope
  ) -> ScalarExpression? {
    guard case .range(let lowSyntax, let highSyntax) = rightSyntax.kind else { return nil }
    let subject = bindScalar(leftSyntax, in: scope)
    let low = bindScalar(lowSyntax, in: scope)
    let high = bindScalar(highSyntax, in: scope)
    guard let subject, let low, var high else { return nil }
    if subject.type == .datetime, low.type == .datetime, high.type == .timespan {
      high = call(.add, [low, high], .datetime, highSyntax.span)
    }
    guard Self.comparable(subject.type, low.type), Self.comparable(subject.type, high.type) else {
      report(
        KQLDiagnostics.betweenBounds(subject.type, at: rightSyntax.span))
      return nil
    }
    let test = call(.between, [subject, low, high], .bool, span)
    return negated ? call(.not, [test], .bool, span) : test
  }

  mutating func bindMembership(
    _ op: KQLBinaryOperator, _ leftSyntax: KQLExpression, _ rightSyntax: KQLExpression, span: Span,
    in scope: Scope
  ) -> ScalarExpression? {
    let subjectValue = bindScalar(leftSyntax, in: scope)
    let operandValue = bindListOperand(rightSyntax, in: scope)
    guard var subject = subjectValue, let operand = operandValue else { return nil }
    let caseSensitive = op == .in || op == .notIn
    let negated = op == .notIn || op == .notInIgnoringCase
    switch operand {
    case .subquery(let relation):
      if op == .hasAny || op == .hasAll {
        // The terms are the sub-query's values as text; strings are never null, so neither is the test.
        return ScalarExpression(
          .termsInSubquery(asString(subject), relation, all: op == .hasAll, caseSensitive: false),
          type: .bool, span: span)
      }
      // Kusto's `in` is never null: a null subject (or a null among the rows) that matches nothing is false.
      let test = Self.truthValue(
        ScalarExpression(
          .inSubquery(subject, relation, caseSensitive: caseSensitive), type: .bool, span: span))
      return negated ? call(.not, [test], .bool, span) : test
    case .array(let array):
      if op == .hasAny || op == .hasAll {
        // The terms are the array's elements, as the rows of a sub-query are: has_any's page takes a dynamic array.
        return call(
          .termsInArray(all: op == .hasAll, caseSensitive: false), [asString(subject), array], .bool, span)
      }
      if !caseSensitive { subject = asString(subject) }
      let test = call(.inArray(caseSensitive: caseSensitive), [subject, array], .bool, span)
      return negated ? call(.not, [test], .bool, span) : test
    case .values(var values):
      if op == .hasAny || op == .hasAll {
        subject = asString(subject)
        // A number term is its decimal text, as `ResultType == 0` compares with "0".
        values = values.map { asString(Self.lenientConstant($0, toMatch: .string)) }
        let function: ScalarFunction =
          op == .hasAny ? .hasAny(caseSensitive: false) : .hasAll(caseSensitive: false)
        return call(function, [subject] + Self.packedStrings(values), .bool, span)
      }
      if !caseSensitive { subject = asString(subject) }
      values = values.map { Self.lenientConstant(converted($0, toMatch: subject.type), toMatch: subject.type) }
      subject = converted(subject, toMatch: values.first?.type ?? subject.type)
      for value in values where !Self.comparable(subject.type, value.type) && value.type != .dynamic {
        report(
          KQLDiagnostics.inListType(
            op.rawValue, subject.type, value.type, at: value.span ?? rightSyntax.span,
            quotable: Self.quotableNumber(subject, value)))
        return nil
      }
      if values.isEmpty { return .literal(.bool(negated), span: span) }
      let arguments =
        subject.type == .string || subject.type == .guid ? Self.packedStrings(values) : values
      let test = call(.inList(caseSensitive: caseSensitive), [subject] + arguments, .bool, span)
      // `in` is true when the value equals one of the candidates ("equals to one of the elements",
      // numerical-operators.md) and is never null: Kusto's `==` with a null side is false or null, both read as
      // false. `!in` ("not equals to any of the elements") is its negation, as over a sub-query: a null value
      // equals no candidate, a null candidate included, so `!in` keeps its row.
      guard negated else { return Self.truthValue(test) }
      if arguments.contains(where: Self.canBeNull) {
        return call(.not, [Self.truthValue(test)], .bool, span)
      }
      let negation = call(.not, [test], .bool, span)
      // A null subject equals no candidate, so `!in` keeps its row.
      if !Self.canBeNull(subject) { return negation }
      return call(.or, [call(.isNull, [subject], .bool, span), negation], .bool, span)
    }
  }

  /// String constants packed into one `text[]` literal; other candidates kept as they are.
  static func packedStrings(_ values: [ScalarExpression]) -> [ScalarExpression] {
    var strings: [String] = []
    for value in values {
      guard case .literal(.string(let text)) = value.kind else { return values }
      strings.append(text)
    }
    var span: Span?
    for part in values.compactMap(\.span) { span = span?.union(part) ?? part }
    return [.literal(.stringList(strings), span: span)]
  }

  mutating func bindListOperand(_ syntax: KQLExpression, in scope: Scope) -> ListOperand? {
    let elements: [KQLExpression]
    if case .list(let items) = syntax.kind { elements = items } else { elements = [syntax] }
    if elements.count == 1, isTabular(elements[0], lets: scope.lets),
      !(scope.column(named: Self.plainName(elements[0]) ?? "") != nil)
    {
      let table = bindTabular(elements[0], lets: scope.lets)
      guard let relation = table.relation else { return nil }
      // Kusto's `in`, `has_any` and `has_all`: "if a tabular expression has multiple columns, the first column is
      // used" (in-operator.md, has-any-operator.md).
      guard let first = relation.columns.first else {
        report(KQLDiagnostics.inSubqueryColumn(at: elements[0].span))
        return nil
      }
      if relation.columns.count > 1 { return .subquery(.project(relation, [Self.passThrough(first)])) }
      return .subquery(relation)
    }
    var values: [ScalarExpression] = []
    var failed = false
    for element in elements {
      guard let value = bindScalar(element, in: scope) else {
        failed = true
        continue
      }
      if value.type == .dynamic {
        if elements.count == 1, !Self.isLiteral(value) { return .array(value) }
        guard case .literal(.dynamic(let json)) = value.kind,
          let items = Self.jsonArrayElements(json)
        else {
          report(
            KQLDiagnostics.computedCandidates(at: element.span))
          failed = true
          continue
        }
        values += items.map { ScalarExpression.literal($0, span: element.span) }
      } else {
        values.append(value)
      }
    }
    return failed ? nil : .values(values)
  }

  /// True for a constant.
  static func isLiteral(_ value: ScalarExpression) -> Bool {
    if case .literal = value.kind { return true }
    return false
  }

  static func plainName(_ expression: KQLExpression) -> String? {
    if case .name(let name) = expression.kind { return name }
    return nil
  }
}
