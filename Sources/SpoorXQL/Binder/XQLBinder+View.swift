import SpoorDiagnostics
import SpoorPlan

extension XQLBinder {
  /// Cortex's `view graph type = …` values and the chart the console draws for each (nil: drawn as a table).
  static let graphTypes: [String: RenderHint.Visualization?] = [
    "column": .columnchart, "line": .linechart, "area": .areachart, "pie": .piechart, "scatter": .scatterchart,
    "single": .card, "bubble": nil, "funnel": nil, "gauge": nil, "map": nil, "wordcloud": nil,
  ]

  /// The hint of `view graph name = value …`, checked against the scope's fields; nil after an error (reported).
  ///
  /// `type` picks the chart, `xaxis`/`yaxis`/`series` name fields, `header` is the title, `subtype` the
  /// variant; `layout = horizontal` turns a column chart into a bar chart. Other options are presentation
  /// details the console does not draw, accepted as Cortex accepts them.
  mutating func bindViewGraph(_ options: [XQLViewOption], _ stage: XQLStage, _ scope: XQLScope) -> RenderHint? {
    guard let type = options.first(where: { $0.name.text.lowercased() == "type" })?.values.first else {
      report(XQLDiagnostics.graphWithoutType(stage.keyword.span))
      return nil
    }
    guard let drawn = Self.graphTypes[type.text.lowercased()] else {
      report(
        XQLDiagnostics.unknownGraphType(
          type.text, type.span, help: NameSuggester.help(for: type.text, among: Self.graphTypes.keys.sorted())))
      return nil
    }
    var hint = RenderHint(visualization: drawn ?? .table, span: stage.span)
    if drawn == nil { report(XQLDiagnostics.graphDrawnAsTable(type.text, type.span)) }
    var failed = false
    for option in options {
      let namesFields = ["xaxis", "yaxis", "series"].contains(option.name.text.lowercased())
      let values = option.values.map { namesFields ? scope.resolve($0.text) ?? $0.text : $0.text }
      switch option.name.text.lowercased() {
      case "xaxis": hint.xColumn = values.first
      case "yaxis": hint.yColumns = values
      case "series": hint.series = values
      case "header": hint.title = values.joined(separator: ", ")
      case "subtype": hint.kind = values.first
      case "layout" where values.first?.lowercased() == "horizontal" && hint.visualization == .columnchart:
        hint.visualization = .barchart
      default: break
      }
      guard namesFields else { continue }
      // Field names are case-insensitive here as everywhere (`xaxis = user_name` after `comp … by User_Name`).
      for value in option.values where scope.resolve(value.text) == nil {
        report(
          XQLDiagnostics.unknownField(
            value.text, value.span, help: NameSuggester.help(for: value.text, among: scope.columns.map(\.name))))
        failed = true
      }
    }
    return failed ? nil : hint
  }
}
