import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// The address schemes `externaldata` reads; an address without a scheme is a local path.
  static let externalDataSchemes: Set<String> = ["https", "http", "file"]

  /// `externaldata (a:type, …) [ "address", … ] [with (format = "…", ignoreFirstRecord = true)]`: the declared
  /// columns over rows the engine fetches when the query runs (``ExternalSource``); binding never fetches.
  ///
  /// Addresses are constant strings: https, http or file URLs, or a local path. `format` is one of
  /// ``ExternalDataFormat`` (by default inferred from the first address's extension, CSV otherwise, as Kusto
  /// does). A JSON `ingestionMapping` that maps each column from the property of its name is the mapping Spoor
  /// applies anyway and is accepted; other mappings and Kusto's other formats are refused.
  mutating func bindExternalData(
    columns: [KQLColumnDeclaration], addresses: [KQLExpression], properties: [KQLAssignment], span: Span,
    lets: [String: LetBinding]
  ) -> BoundTable {
    let failure = BoundTable(relation: nil, description: "externaldata")
    guard let outputs = bindColumnDeclarations(columns) else { return failure }
    guard !outputs.isEmpty else {
      report(KQLDiagnostics.externalDataColumns(at: span))
      return failure
    }
    let scope = Scope(columns: [], description: "externaldata", lets: lets)
    var texts: [String] = []
    for address in addresses {
      guard let bound = bindScalar(address, in: scope) else { return failure }
      guard case .literal(.string(let text)) = bound.kind, !text.isEmpty else {
        report(
          KQLDiagnostics.expectedConstant("an externaldata storage address (a non-empty string)", at: address.span))
        return failure
      }
      if let colon = text.firstIndex(of: ":"), text[..<colon].count > 1,
        text[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
        !Self.externalDataSchemes.contains(text[..<colon].lowercased())
      {
        report(
          KQLDiagnostics.externalDataStorage(text[..<colon], at: address.span))
        return failure
      }
      texts.append(text)
    }
    guard !texts.isEmpty else {
      report(KQLDiagnostics.externalDataAddress(at: span))
      return failure
    }
    var format: ExternalDataFormat?
    var ignoreFirstRecord = false
    var mapping: (text: String, span: Span)?
    for property in properties {
      guard let name = property.name else { return failure }
      // A bare name is the property's text, as Kusto reads `format=multijson`.
      var value: ScalarExpression
      if case .name(let word) = property.value.kind {
        value = .literal(.string(word), span: property.value.span)
      } else {
        guard let bound = bindScalar(property.value, in: scope) else { return failure }
        value = bound
      }
      switch (name.name.lowercased(), value.kind) {
      case ("format", .literal(.string(let text))):
        guard let known = ExternalDataFormat(rawValue: text.lowercased()) else {
          report(
            KQLDiagnostics.externalDataFormat(text, at: property.value.span))
          return failure
        }
        format = known
      case ("ignorefirstrecord", .literal(.bool(let flag))):
        ignoreFirstRecord = flag
      case ("format", _), ("ignorefirstrecord", _):
        report(KQLDiagnostics.expectedConstant("externaldata's '\(name.name)'", at: property.value.span))
        return failure
      case ("ingestionmapping", .literal(.string(let text))):
        mapping = (text, name.span)
      case ("ingestionmapping", _):
        report(KQLDiagnostics.expectedConstant("externaldata's 'ingestionMapping'", at: property.value.span))
        return failure
      default:
        report(
          KQLDiagnostics.externalDataProperty(name.name, at: name.span))
        return failure
      }
    }
    let resolved = format ?? ExternalDataFormat.inferred(from: texts[0])
    if let mapping {
      let isJSON = resolved == .json || resolved == .multijson
      guard isJSON, Self.isIdentityJSONMapping(mapping.text, columns: outputs.map(\.name)) else {
        report(KQLDiagnostics.externalDataMapping(at: mapping.span))
        return failure
      }
    }
    if resolved == .txt, outputs.count != 1 {
      report(
        KQLDiagnostics.externalDataTextColumns(outputs.count, at: span))
      return failure
    }
    let source = ExternalSource(
      columns: outputs, addresses: texts, format: resolved, ignoreFirstRecord: ignoreFirstRecord)
    return BoundTable(relation: .external(source), description: "externaldata")
  }
}
