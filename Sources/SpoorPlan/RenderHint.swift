import SpoorDiagnostics

/// How a query asks for its rows to be drawn: KQL's `render` operator, XQL's `view graph` stage.
///
/// It changes no row, so SQL never sees it: the CLI prints the rows, and the web console of `spoor serve` draws
/// the chart it names from the rows the query returns.
public struct RenderHint: Hashable, Sendable {
  /// The chart kinds the console can draw; the names are Kusto's visualizations.
  public enum Visualization: String, Hashable, Sendable, CaseIterable {
    /// A line chart over a time axis: the first datetime column is x, numeric columns are series.
    case timechart
    /// A line chart over any x axis.
    case linechart
    /// An area chart.
    case areachart
    /// A stacked area chart.
    case stackedareachart
    /// Vertical bars.
    case columnchart
    /// Horizontal bars.
    case barchart
    /// A pie: the first column names the slices, the first numeric column sizes them.
    case piechart
    /// Points.
    case scatterchart
    /// One value.
    case card
    /// The rows as a table (no chart).
    case table
  }

  /// The chart to draw.
  public var visualization: Visualization
  /// The column on the x axis, when the query names one (`xcolumn`, XQL `xaxis`).
  public var xColumn: String?
  /// The columns on the y axis, when the query names them (`ycolumns`, XQL `yaxis`).
  public var yColumns: [String]
  /// Columns whose values split the rows into series (`series`, XQL `series`).
  public var series: [String]
  /// The chart's title (`title`, XQL `header`).
  public var title: String?
  /// A stacking or orientation variant (`kind`, XQL `subtype`), as written.
  public var kind: String?
  /// Where the `render` operator or `view` stage is written.
  public var span: Span

  /// Creates a render hint.
  public init(
    visualization: Visualization, xColumn: String? = nil, yColumns: [String] = [], series: [String] = [],
    title: String? = nil, kind: String? = nil, span: Span
  ) {
    self.visualization = visualization
    self.xColumn = xColumn
    self.yColumns = yColumns
    self.series = series
    self.title = title
    self.kind = kind
    self.span = span
  }

  /// Every column the hint names, for checking them against the query's output.
  public var namedColumns: [String] { (xColumn.map { [$0] } ?? []) + yColumns + series }
}
