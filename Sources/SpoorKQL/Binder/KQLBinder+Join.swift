import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// Kusto join kinds and their plan kinds; `innerunique` (the default) is an inner join over a left side
  /// deduplicated on the keys.
  static let joinKinds: [String: JoinKind] = [
    "innerunique": .inner, "inner": .inner, "leftouter": .leftOuter, "rightouter": .rightOuter,
    "fullouter": .fullOuter, "leftanti": .leftAnti, "anti": .leftAnti, "leftantisemi": .leftAnti,
    "rightanti": .rightAnti, "rightantisemi": .rightAnti, "leftsemi": .leftSemi,
    "rightsemi": .rightSemi,
  ]

  /// Binds `join`/`lookup`: key pairs, the plan join and Kusto's output columns (`DeviceId1` for clashes).
  mutating func bindJoin(
    kind kindName: KQLIdentifier?, left: BoundTable, rightSyntax: KQLExpression, keys: [KQLExpression],
    lets: [String: LetBinding], span: Span, isLookup: Bool = false
  ) -> BoundTable {
    let description = "the join output"
    let failure = BoundTable(relation: nil, description: description)
    let right = bindTabular(rightSyntax, lets: lets)
    let kindText = kindName?.name ?? "innerunique"
    guard let kind = Self.joinKinds[kindText] else {
      report(
        KQLDiagnostics.unknownJoinKind(kindText, at: kindName?.span ?? span))
      return failure
    }
    guard let leftRelation = left.relation, let rightRelation = right.relation else {
      return failure
    }
    let leftColumns = leftRelation.columns
    let rightColumns = rightRelation.columns
    var pairs: [(OutputColumn, OutputColumn)] = []
    var failed = false
    for key in keys.flatMap(Self.joinKeyConjuncts) {
      guard let (leftName, rightName, leftSpan, rightSpan) = Self.joinKeyNames(key) else {
        report(KQLDiagnostics.invalidJoinKey(at: key.span))
        failed = true
        continue
      }
      let leftColumn = leftColumns.first { $0.name == leftName }
      let rightColumn = rightColumns.first { $0.name == rightName }
      if leftColumn == nil {
        report(
          KQLDiagnostics.unknownColumn(
            leftName, in: "the left side of the join", at: leftSpan,
            help: NameSuggester.help(for: leftName, among: leftColumns.map(\.name))))
      }
      if rightColumn == nil {
        report(
          KQLDiagnostics.unknownColumn(
            rightName, in: "the right side of the join", at: rightSpan,
            help: NameSuggester.help(for: rightName, among: rightColumns.map(\.name))))
      }
      guard let leftColumn, let rightColumn else {
        failed = true
        continue
      }
      guard Self.comparable(leftColumn.type, rightColumn.type), leftColumn.type != .dynamic else {
        report(
          KQLDiagnostics.joinKeyTypes(leftName, leftColumn.type, rightName, rightColumn.type, at: key.span))
        failed = true
        continue
      }
      pairs.append((leftColumn, rightColumn))
    }
    guard !failed, !pairs.isEmpty else {
      if !failed { report(KQLDiagnostics.invalidJoinKey(at: span)) }
      return failure
    }
    let conditions = pairs.map { leftColumn, rightColumn in
      ScalarExpression.call(
        .equal,
        [
          ScalarExpression(.joinColumn(.left, leftColumn.name), type: leftColumn.type),
          ScalarExpression(.joinColumn(.right, rightColumn.name), type: rightColumn.type),
        ], type: .bool)
    }
    let condition = conditions.count == 1 ? conditions[0] : .call(.and, conditions, type: .bool)
    var leftInput = leftRelation
    if kindText == "innerunique" {
      leftInput = .firstPerKey(
        leftRelation, keys: pairs.map { ScalarExpression.column($0.0.name, $0.0.type) },
        order: Self.tieBreak(leftColumns))
    }
    var names = UniqueNames()
    var outputs: [JoinOutput] = []
    switch kind {
    case .leftSemi, .leftAnti:
      outputs = leftColumns.map {
        JoinOutput(name: names.claim($0.name), side: .left, sourceName: $0.name, type: $0.type)
      }
    case .rightSemi, .rightAnti:
      outputs = rightColumns.map {
        JoinOutput(name: names.claim($0.name), side: .right, sourceName: $0.name, type: $0.type)
      }
    default:
      outputs = leftColumns.map {
        JoinOutput(name: names.claim($0.name), side: .left, sourceName: $0.name, type: $0.type)
      }
      let rightKeys = Set(pairs.map(\.1.name))
      for column in rightColumns {
        // lookup does not repeat the right side's key columns.
        if isLookup && rightKeys.contains(column.name) { continue }
        outputs.append(
          JoinOutput(
            name: names.claim(column.name), side: .right, sourceName: column.name, type: column.type
          ))
      }
    }
    let join = Join(
      left: leftInput, right: rightRelation, kind: kind, condition: condition, outputs: outputs)
    // Outer joins null-fill the unmatched side; a KQL string is never null, so its string columns read "".
    let nullFilled: Set<JoinSide>
    switch kind {
    case .leftOuter: nullFilled = [.right]
    case .rightOuter: nullFilled = [.left]
    case .fullOuter: nullFilled = [.left, .right]
    default: nullFilled = []
    }
    let needsEmptyStrings = outputs.contains { nullFilled.contains($0.side) && $0.type == .string }
    guard needsEmptyStrings else {
      return BoundTable(relation: .join(join), description: description)
    }
    let projected = outputs.map { output -> NamedExpression in
      let column = ScalarExpression.column(output.name, output.type)
      guard nullFilled.contains(output.side), output.type == .string else {
        return NamedExpression(name: output.name, expression: column)
      }
      let empty = ScalarExpression.literal(.string(""))
      return NamedExpression(
        name: output.name, expression: .call(.coalesce, [column, empty], type: .string))
    }
    return BoundTable(relation: .project(.join(join), projected), description: description)
  }

  /// The keys one `on` entry holds: Kusto's join documentation lets conditions be joined with `and` as well as
  /// separated by commas (`on $left.a == $right.b and $left.c == $right.d`), with the same meaning.
  static func joinKeyConjuncts(_ key: KQLExpression) -> [KQLExpression] {
    guard case .logical(.and, let operands) = key.kind else { return [key] }
    return operands.flatMap(joinKeyConjuncts)
  }

  /// The left and right column names of one `on` key: `Col` or `$left.a == $right.b` (either order).
  static func joinKeyNames(_ key: KQLExpression) -> (String, String, Span, Span)? {
    switch key.kind {
    case .name(let name):
      return (name, name, key.span, key.span)
    case .binary(.equal, let first, let second):
      guard case .member(let firstBase, let firstName) = first.kind,
        case .name(let firstSide) = firstBase.kind,
        case .member(let secondBase, let secondName) = second.kind,
        case .name(let secondSide) = secondBase.kind
      else { return nil }
      if firstSide == "$left" && secondSide == "$right" {
        return (firstName, secondName, first.span, second.span)
      }
      if firstSide == "$right" && secondSide == "$left" {
        return (secondName, firstName, second.span, first.span)
      }
      return nil
    default:
      return nil
    }
  }
}
