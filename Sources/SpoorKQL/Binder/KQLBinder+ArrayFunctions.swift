import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// `strcmp`, the array rotations and shifts, `array_iff` and `bag_set_key`, as their Kusto documentation defines
  /// them; called by ``bindBuiltIn(_:_:syntaxArguments:name:span:)`` with arguments already counted and bound.
  mutating func bindArrayFunction(
    _ function: String, _ arguments: [ScalarExpression], name: KQLIdentifier, span: Span
  ) -> ScalarExpression? {
    switch function {
    case "strcmp":
      return call(.stringCompare, arguments.map(asString), .int, span)
    case "array_rotate_left", "array_rotate_right", "array_shift_left", "array_shift_right":
      guard expectType(arguments[0], [.dynamic], "\(function)'s array", span),
        expectType(arguments[1], [.int, .long], "\(function)'s count", span)
      else { return nil }
      let toLeft = function.hasSuffix("_left")
      guard function.hasPrefix("array_shift") else {
        return call(.arrayRotate(toLeft: toLeft), arguments, .dynamic, span)
      }
      guard arguments.count == 3 else {
        report(KQLDiagnostics.shiftWithoutFill(function, at: name.span))
        return nil
      }
      return call(.arrayShift(toLeft: toLeft), arguments, .dynamic, span)
    case "array_iff", "array_iif":
      guard expectType(arguments[0], [.dynamic], "\(function)'s condition array", span) else { return nil }
      return call(.arrayIff, arguments, .dynamic, span)
    default:
      // bag_set_key(bag, key, value)
      guard expectType(arguments[0], [.dynamic], "bag_set_key's bag", span) else { return nil }
      guard case .literal(.string(let key)) = arguments[1].kind else {
        report(KQLDiagnostics.expectedConstant("the key of bag_set_key", at: arguments[1].span ?? span))
        return nil
      }
      guard let path = Self.memberPath(key) else {
        report(
          KQLDiagnostics.bagSetKeyArgument(at: arguments[1].span ?? span))
        return nil
      }
      guard path.count == 1 else {
        report(KQLDiagnostics.bagSetKeyPath(at: arguments[1].span ?? span))
        return nil
      }
      return call(
        .bagSetKey, [arguments[0], .literal(.string(path[0]), span: arguments[1].span), arguments[2]], .dynamic, span)
    }
  }
}
