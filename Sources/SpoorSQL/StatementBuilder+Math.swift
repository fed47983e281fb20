import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// Mathematical functions.
  ///
  /// Kusto computes on .NET doubles, which give NaN or an infinity where PostgreSQL
  /// raises an error (a negative square root, the logarithm of 0, the sine of infinity): each such input is
  /// answered before PostgreSQL's function sees it.
  mutating func mathFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func real(_ index: Int) -> SQLFragment {
      guard index < arguments.count else { return .null }
      let value = scalar(arguments[index], scope)
      return arguments[index].type == .real ? value : value.cast("double precision")
    }
    let nan = "'NaN'::double precision"
    // PostgreSQL orders NaN above every number: `NaN > 0` holds, and ln, sqrt and sin of NaN are NaN.
    switch function {
    case .greatestOf, .leastOf:
      return Self.function(function == .greatestOf ? "greatest" : "least", arguments.map { scalar($0, scope) })
    case .pi:
      return .atom("pi()")
    case .random:
      return .atom("random()")
    case .ieeePower:
      return Self.function("spoor.kql_pow", [real(0), real(1)])
    case .ieeeExponential:
      return Self.function("spoor.kql_exp", [real(0)])
    case .ceiling:
      let value = argument(arguments, 0, scope)
      return expression.type == .real ? Self.function("ceil", [value]) : value
    case .sign:
      let value = argument(arguments, 0, scope)
      return expression.type == .real
        ? Self.function("sign", [value])
        : Self.function("sign", [value.cast("numeric")]).cast(Self.shortTypeName(expression.type))
    case .degrees, .radians, .arctangent:
      let name = function == .degrees ? "degrees" : function == .radians ? "radians" : "atan"
      return Self.function(name, [real(0)])
    case .arctangent2:
      return Self.function("atan2", [real(0), real(1)])
    case .squareRoot:
      let value = real(0)
      return .atom("CASE WHEN " + value.operand(.additive) + " < 0 THEN " + nan + " ELSE sqrt(" + value.text + ") END")
    case .naturalLog, .log10, .log2:
      let value = real(0)
      let logarithm: String
      switch function {
      case .naturalLog: logarithm = "ln(" + value.text + ")"
      case .log10: logarithm = "log(" + value.text + ")"
      // numeric's logarithm is exact enough to round to the double .NET's Math.Log2 gives (3 for 8, not 2.99…).
      default: logarithm = "log(2, " + value.cast("numeric").text + ")::double precision"
      }
      let operand = value.operand(.additive)
      return .atom(
        "CASE WHEN " + operand + " = 'Infinity' THEN 'Infinity'::double precision WHEN " + operand + " > 0 THEN "
          + logarithm + " WHEN " + operand + " = 0 THEN '-Infinity'::double precision WHEN " + operand
          + " < 0 THEN " + nan + " END")
    case .sine, .cosine, .tangent, .cotangent:
      let value = real(0)
      let name = [ScalarFunction.sine: "sin", .cosine: "cos", .tangent: "tan", .cotangent: "cot"][function] ?? "sin"
      return .atom(
        "CASE WHEN " + value.operand(.additive) + " IN ('Infinity', '-Infinity') THEN " + nan + " ELSE " + name
          + "(" + value.text + ") END")
    case .arcsine, .arccosine:
      let value = real(0)
      let operand = value.operand(.additive)
      return .atom(
        "CASE WHEN " + operand + " BETWEEN -1 AND 1 OR " + operand + " = 'NaN' THEN "
          + (function == .arcsine ? "asin(" : "acos(") + value.text + ") WHEN " + operand + " IS NOT NULL THEN "
          + nan + " END")
    case .isNaN:
      return .binary(real(0), "=", .atom(nan), .comparison)
    case .isInfinite:
      return SQLFragment(real(0).operand(.additive) + " IN ('Infinity', '-Infinity')", .comparison)
    case .isFinite:
      return SQLFragment(real(0).operand(.additive) + " NOT IN ('Infinity', '-Infinity', 'NaN')", .comparison)
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .math, at: $0) }
    }
  }
}
