import SpoorDiagnostics

extension KQLParserState {
  /// `render visualization [with (name = value, …)]`, after the `render` keyword; nil when the visualization
  /// is missing (already reported).
  ///
  /// A value is a name, a string or a number; `ycolumns` and `series` take a comma list of names, which ends
  /// at the next `name =` or `)`.
  mutating func parseRender() -> KQLRenderClause? {
    guard let visualization = expectIdentifier("a visualization such as timechart") else { return nil }
    var properties: [KQLRenderProperty] = []
    if acceptWord("with") {
      guard expectSymbol("(") else { return nil }
      while !atEnd, !current.isSymbol(")") {
        guard let name = expectIdentifier("a render property such as title") else { return nil }
        guard expectSymbol("=") else { return nil }
        var values: [KQLIdentifier] = []
        repeat {
          guard let value = renderValue() else { return nil }
          values.append(value)
        } while current.isSymbol(",") && peek(1).word != nil && !peek(2).isSymbol("=") && acceptSymbol(",")
        properties.append(KQLRenderProperty(name: name, values: values))
        if !acceptSymbol(",") { break }
      }
      guard expectSymbol(")") else { return nil }
    }
    if !atOperatorBoundary {
      reportExpected("'with (…)' or the end of the render operator")
      return nil
    }
    return KQLRenderClause(visualization: visualization, properties: properties)
  }

  /// One property value: a name, a string, a number or `true`/`false`, as text.
  private mutating func renderValue() -> KQLIdentifier? {
    let token = current
    switch token.kind {
    case .string(let text):
      advance()
      return KQLIdentifier(name: text, span: token.span)
    case .long(let number):
      advance()
      return KQLIdentifier(name: String(number), span: token.span)
    case .real(let number):
      advance()
      return KQLIdentifier(name: String(number), span: token.span)
    default:
      return expectIdentifier("a property value")
    }
  }
}
