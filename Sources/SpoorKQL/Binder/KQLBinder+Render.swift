import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// Kusto's visualizations the console draws as something else: the chart closest to each, or a table.
  static let visualizationFallbacks: [String: RenderHint.Visualization] = [
    "anomalychart": .timechart, "ladderchart": .table, "pivotchart": .table, "timepivot": .table,
    "treemap": .table, "3dchart": .table, "plotly": .table,
  ]

  /// The `render … with (…)` properties Kusto documents; the ones the hint does not carry are accepted and left out.
  static let renderProperties = [
    "accumulate", "kind", "legend", "series", "title", "xcolumn", "xtitle", "ycolumns", "ytitle", "ymin", "ymax",
    "xaxis", "yaxis", "ysplit", "anomalycolumns",
  ]

  /// The hint a `render` asks for, checked against the input's columns; nil after an error (reported).
  ///
  /// The hint is kept only when `render` is the query's last operator (``bind(_:)``); elsewhere it changes
  /// nothing, as in Kusto.
  mutating func bindRender(_ clause: KQLRenderClause, at span: Span, input: BoundTable) -> RenderHint? {
    let name = clause.visualization.name.lowercased()
    let visualization: RenderHint.Visualization
    if let known = RenderHint.Visualization(rawValue: name) {
      visualization = known
    } else if let fallback = Self.visualizationFallbacks[name] {
      visualization = fallback
      report(KQLDiagnostics.visualizationDrawnAs(name, fallback.rawValue, at: clause.visualization.span))
    } else {
      let names = RenderHint.Visualization.allCases.map(\.rawValue) + Self.visualizationFallbacks.keys.sorted()
      report(
        KQLDiagnostics.unknownVisualization(
          clause.visualization.name, at: clause.visualization.span,
          help: NameSuggester.help(for: clause.visualization.name, among: names)))
      return nil
    }
    var hint = RenderHint(visualization: visualization, span: span)
    var failed = false
    for property in clause.properties {
      let values = property.values.map(\.name)
      switch property.name.name.lowercased() {
      case "xcolumn": hint.xColumn = values.first
      case "ycolumns": hint.yColumns = values
      case "series": hint.series = values
      case "title": hint.title = values.joined(separator: ", ")
      case "kind": hint.kind = values.first
      case let other where Self.renderProperties.contains(other): break
      default:
        report(
          KQLDiagnostics.unknownRenderProperty(
            property.name.name, at: property.name.span,
            help: NameSuggester.help(for: property.name.name, among: Self.renderProperties)))
        failed = true
      }
      guard ["xcolumn", "ycolumns", "series"].contains(property.name.name.lowercased()),
        let columns = input.columns
      else { continue }
      let names = columns.map(\.name)
      for value in property.values where !names.contains(value.name) {
        report(
          KQLDiagnostics.unknownColumn(
            value.name, in: input.description, at: value.span,
            help: NameSuggester.help(for: value.name, among: names)))
        failed = true
      }
    }
    report(KQLDiagnostics.renderNotDrawnByCLI(at: span))
    return failed ? nil : hint
  }
}
