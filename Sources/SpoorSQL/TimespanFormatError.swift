/// A run of a `format_timespan` format that is neither a format element nor delimiters Kusto documents.
struct TimespanFormatError: Error {
  /// The run as written (`hhh`, `'`, `x`).
  let element: String
}
