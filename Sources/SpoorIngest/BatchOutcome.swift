/// What loading one batch did, made by the worker that loaded it and applied, in batch order, by the ingest.
struct BatchOutcome: Sendable {
  /// The batch's counts: read, loaded, rejected, skipped and their per-table and per-EventID breakdowns.
  var counts = IngestSummary()
  /// The input's bytes consumed up to the end of the batch.
  var bytesRead = 0
  /// The batch's rejects (conversion and database refusals), in line order.
  var rejects: [IngestReject] = []
}
