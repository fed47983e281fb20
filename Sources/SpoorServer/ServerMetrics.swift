import CoreMetrics
import Foundation
import Metrics
import Prometheus
import SpoorEngine

/// The server's metrics, recorded through swift-metrics into a Prometheus registry of this server's own (so two
/// servers in one process, as in the tests, do not share counts), served at `/metrics`.
public struct ServerMetrics: Sendable {
  /// The registry `/metrics` prints.
  public let registry: PrometheusCollectorRegistry
  private let factory: PrometheusMetricsFactory

  /// Creates the metrics with an empty registry.
  public init() {
    registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    // Query latency: from a millisecond to the longest statement timeout.
    factory.defaultDurationHistogramBuckets = [
      .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
      .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]
    self.factory = factory
  }

  /// Counts one HTTP request by its route (the path pattern such as `/api/v1/hunts/{id}`), method and status.
  func request(route: String, method: String, status: Int) {
    Counter(
      label: "spoor_http_requests_total",
      dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory
    ).increment()
  }

  /// Records an ad-hoc query's time and outcome (`ok`, `invalid`, `error`).
  func query(seconds: Double, outcome: String) {
    Timer(label: "spoor_query_duration_seconds", dimensions: [("outcome", outcome)], factory: factory)
      .recordNanoseconds(Int64(seconds * 1e9))
  }

  /// Records hunt runs (scheduled or asked for through the API): runs by status, hits recorded, and how long
  /// each took when the caller timed it.
  func huntRuns(_ outcomes: [HuntRunOutcome], seconds: Double? = nil) {
    for outcome in outcomes {
      let status: String
      switch outcome {
      case .succeeded(let summary):
        status = "succeeded"
        Counter(label: "spoor_hits_recorded_total", dimensions: [("hunt", summary.huntID)], factory: factory)
          .increment(by: Int(summary.newHits))
      case .failed: status = "failed"
      case .busy: status = "busy"
      case .notDue: continue
      }
      Counter(
        label: "spoor_hunt_runs_total", dimensions: [("hunt", outcome.huntID), ("status", status)], factory: factory
      ).increment()
      if let seconds { huntRunDuration(huntID: outcome.huntID, seconds: seconds) }
    }
  }

  /// Records how long one run of a hunt took.
  func huntRunDuration(huntID: String, seconds: Double) {
    Timer(label: "spoor_hunt_run_duration_seconds", dimensions: [("hunt", huntID)], factory: factory)
      .recordNanoseconds(Int64(seconds * 1e9))
  }

  /// Sets how late each hunt is: seconds past its due time (0 when not yet due).
  func schedulerLag(huntID: String, seconds: Double) {
    Gauge(label: "spoor_scheduler_lag_seconds", dimensions: [("hunt", huntID)], factory: factory)
      .record(max(0, seconds))
  }

  /// Counts rows loaded and rejected by `/ingest`, per table.
  func ingest(table: String, loaded: Int, rejected: Int) {
    Counter(label: "spoor_ingest_rows_total", dimensions: [("table", table), ("outcome", "loaded")], factory: factory)
      .increment(by: loaded)
    Counter(
      label: "spoor_ingest_rows_total", dimensions: [("table", table), ("outcome", "rejected")], factory: factory
    ).increment(by: rejected)
  }

  /// The Prometheus text exposition of every metric.
  func exposition() -> [UInt8] { registry.emitToBuffer() }
}
