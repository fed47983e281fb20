import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// The value of a `declare query_parameters` name, as a literal of its declared type: the caller's value
  /// (`--param name=value`), else the declared default, else a placeholder (``QueryParameters/Unbound``); nil after
  /// reporting when there is none or the caller's text is no value of the type.
  mutating func queryParameterValue(_ declaration: KQLQueryParameterDeclaration) -> KQLExpression? {
    let name = declaration.name
    let typeName = declaration.typeName.name.lowercased()
    guard let type = DataType(kqlName: typeName) else {
      report(KQLDiagnostics.unknownType(declaration.typeName.name, at: declaration.typeName.span))
      return nil
    }
    guard let text = queryParameters.values[name.name] else {
      if let defaultValue = declaration.defaultValue { return defaultValue }
      switch queryParameters.unbound {
      case .refused:
        report(KQLDiagnostics.unboundQueryParameter(name.name, at: name.span))
        return nil
      case .placeholder:
        report(KQLDiagnostics.placeholderQueryParameter(name.name, at: name.span))
        return KQLExpression(.literal(type == .string ? .string("") : .null(typeName: typeName)), span: name.span)
      }
    }
    guard let literal = Self.queryParameterLiteral(text, type: type, typeName: typeName) else {
      report(KQLDiagnostics.queryParameterValue(name.name, typeName, text, at: name.span))
      return nil
    }
    return KQLExpression(.literal(literal), span: name.span)
  }

  /// `text` read as a literal of `type`, as Kusto reads a query parameter's value; nil when it is none.
  static func queryParameterLiteral(_ text: String, type: DataType, typeName: String) -> KQLLiteral? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    switch type {
    case .string: return .string(text)
    case .guid: return UUID(uuidString: trimmed) == nil ? nil : .typed(typeName: "guid", text: trimmed)
    case .long, .int: return Int64(trimmed).map { .long($0) }
    case .real: return Double(trimmed).map { .real($0) }
    case .bool:
      switch trimmed.lowercased() {
      case "true", "1": return .bool(true)
      case "false", "0": return .bool(false)
      default: return nil
      }
    case .datetime: return parseDatetime(trimmed) == nil ? nil : .typed(typeName: "datetime", text: trimmed)
    case .timespan: return parseTimespan(trimmed) == nil ? nil : .typed(typeName: "timespan", text: trimmed)
    case .dynamic:
      guard (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil else {
        return nil
      }
      return .dynamic(json: text)
    }
  }
}
