import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SpoorEngine
import SpoorPostgres
import SpoorServer
import Testing

/// `/hunts`, a run asked for through the API, reset, `/ingest` refusals and `/metrics`.
@Suite struct HuntTests {
  @Test func huntsListDetailAndNotFound() async throws {
    let harness = try ServerHarness("serve_hunts")
    try await harness.run { client in
      let list = try Body.object(
        try await client.execute(uri: "/api/v1/hunts", method: .get, headers: harness.headers(.reader)))
      let hunts = try #require(list["hunts"] as? [[String: Any]])
      #expect(hunts.count == 1)
      #expect(hunts.first?["id"] as? String == "calc-starts")
      #expect(hunts.first?["severity"] as? String == "medium")
      #expect(hunts.first?["schedule"] as? String == "1h")
      #expect(hunts.first?["query"] == nil)
      let detail = try Body.object(
        try await client.execute(uri: "/api/v1/hunts/calc-starts", method: .get, headers: harness.headers(.reader)))
      #expect((detail["query"] as? String)?.hasPrefix("DeviceProcessEvents\n| where FileName =~") == true)
      #expect(detail["lookback"] as? String == "7d")
      #expect(detail["tactics"] as? [String] == ["execution"])
      try Body.error(
        try await client.execute(uri: "/api/v1/hunts/nope", method: .get, headers: harness.headers(.reader)),
        status: .notFound, code: "not_found")
      try Body.error(
        try await client.execute(uri: "/api/v1/hunts/nope/run", method: .post, headers: harness.headers(.hunter)),
        status: .notFound, code: "not_found")
    }
  }

  @Test func runNowRecordsHitsOnceAndResetForgetsTheWatermark() async throws {
    let harness = try ServerHarness("serve_hunt_run")
    try await harness.run { client in
      try await QueryTests.ingestSample(client, harness)
      let first = try Body.object(
        try await client.execute(uri: "/api/v1/hunts/calc-starts/run", method: .post, headers: harness.headers(.hunter))
      )
      #expect(first["status"] as? String == "succeeded", "\(first)")
      #expect(first["rows"] as? Int == 2)
      #expect(first["newHits"] as? Int == 2)
      #expect(first["runID"] is Int)
      // Nothing new was ingested: the next window is empty.
      let second = try Body.object(
        try await client.execute(uri: "/api/v1/hunts/calc-starts/run", method: .post, headers: harness.headers(.hunter))
      )
      #expect(second["status"] as? String == "succeeded")
      #expect(second["newHits"] as? Int == 0)
      let reset = try Body.object(
        try await client.execute(
          uri: "/api/v1/hunts/calc-starts/reset", method: .post, headers: harness.headers(.admin)))
      #expect(reset["reset"] as? Bool == true)
      // After the reset the look-back is covered again: the same rows, already recorded, are no new hits.
      let third = try Body.object(
        try await client.execute(uri: "/api/v1/hunts/calc-starts/run", method: .post, headers: harness.headers(.hunter))
      )
      #expect(third["rows"] as? Int == 2)
      #expect(third["newHits"] as? Int == 0)

      try await Self.checkHitsAndRuns(client, harness)

      let metrics = Body.text(
        try await client.execute(uri: "/metrics", method: .get, headers: harness.headers(.reader)))
      #expect(metrics.contains(#"spoor_hunt_runs_total{hunt="calc-starts",status="succeeded"} 3"#), "\(metrics)")
      #expect(metrics.contains(#"spoor_hits_recorded_total{hunt="calc-starts"} 2"#))
      #expect(metrics.contains("spoor_hunt_run_duration_seconds_bucket"))
      // Just ran: due again in an hour, so no lag.
      #expect(metrics.contains(#"spoor_scheduler_lag_seconds{hunt="calc-starts"} 0"#), "\(metrics)")
      #expect(metrics.contains(#"spoor_ingest_rows_total{table="DeviceProcessEvents",outcome="loaded"} 3"#))
      #expect(
        metrics.contains(
          #"spoor_http_requests_total{route="/api/v1/hunts/{id}/run",method="POST",status="200"} 3"#))
    }
  }

  /// `/hits` and `/runs` after the three runs above: two hits, paged, filtered; three runs.
  static func checkHitsAndRuns(_ client: any TestClientProtocol, _ harness: ServerHarness) async throws {
    func get(_ uri: String) async throws -> [String: Any] {
      let response = try await client.execute(uri: uri, method: .get, headers: harness.headers(.reader))
      #expect(response.status == .ok, "\(uri): \(Body.text(response))")
      return try Body.object(response)
    }
    let all = try await get("/api/v1/hits?hunt=calc-starts")
    let hits = try #require(all["hits"] as? [[String: Any]])
    #expect(hits.count == 2)
    #expect(Set(hits.compactMap { ($0["row"] as? [String: Any])?["DeviceName"] as? String }) == ["host-a", "host-b"])
    #expect(hits.allSatisfy { $0["severity"] as? String == "medium" && $0["huntID"] as? String == "calc-starts" })
    #expect(hits.allSatisfy { ($0["detectedAt"] as? String)?.hasSuffix("Z") == true })
    #expect(all["nextCursor"] is NSNull)

    let first = try await get("/api/v1/hits?limit=1")
    let cursor = try #require(first["nextCursor"] as? String)
    let second = try await get("/api/v1/hits?limit=1&cursor=\(cursor)")
    let firstID = (first["hits"] as? [[String: Any]])?.first?["id"] as? Int
    let secondID = (second["hits"] as? [[String: Any]])?.first?["id"] as? Int
    #expect(firstID != nil && secondID != nil && firstID != secondID)
    let third = try await get("/api/v1/hits?limit=1&cursor=\(secondID ?? 0)")
    #expect((third["hits"] as? [Any])?.isEmpty == true)

    #expect((try await get("/api/v1/hits?severity=medium")["hits"] as? [Any])?.count == 2)
    #expect((try await get("/api/v1/hits?severity=high")["hits"] as? [Any])?.isEmpty == true)
    #expect((try await get("/api/v1/hits?until=2000-01-01T00:00:00Z")["hits"] as? [Any])?.isEmpty == true)
    #expect((try await get("/api/v1/hits?since=2000-01-01T00:00:00Z")["hits"] as? [Any])?.count == 2)
    for bad in ["limit=0", "limit=x", "since=yesterday", "severity=urgent", "cursor=-1"] {
      try Body.error(
        try await client.execute(uri: "/api/v1/hits?\(bad)", method: .get, headers: harness.headers(.reader)),
        status: .badRequest, code: "bad_request")
    }

    let runs = try #require(try await get("/api/v1/runs?hunt=calc-starts")["runs"] as? [[String: Any]])
    #expect(runs.count == 3)
    #expect(runs.allSatisfy { $0["status"] as? String == "succeeded" && $0["error"] is NSNull })
    #expect(runs.first?["newHits"] as? Int == 0 && runs.last?["newHits"] as? Int == 2)
    #expect((try await get("/api/v1/runs?failed=true")["runs"] as? [Any])?.isEmpty == true)
    try Body.error(
      try await client.execute(uri: "/api/v1/runs?failed=maybe", method: .get, headers: harness.headers(.reader)),
      status: .badRequest, code: "bad_request")
  }

  @Test func metricsCountRequestsByRouteAndStatusAndQueryLatency() async throws {
    let harness = try ServerHarness("serve_metrics")
    try await harness.run { client in
      _ = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter),
        body: Body.json(["query": "DeviceProcessEvents | take 1"]))
      _ = try await client.execute(uri: "/api/v1/hunts", method: .get, headers: harness.headers(nil))
      _ = try await client.execute(uri: "/api/v1/query", method: .post, headers: harness.headers(.reader))
      let text = Body.text(try await client.execute(uri: "/metrics", method: .get, headers: harness.headers(.reader)))
      #expect(
        text.contains(#"spoor_http_requests_total{route="/api/v1/query",method="POST",status="200"} 1"#), "\(text)")
      #expect(text.contains(#"spoor_http_requests_total{route="/api/v1/query",method="POST",status="403"} 1"#))
      #expect(text.contains(#"spoor_http_requests_total{route="/api/v1/hunts",method="GET",status="401"} 1"#))
      #expect(text.contains(#"spoor_query_duration_seconds_count{outcome="ok"} 1"#))
      #expect(text.contains("spoor_query_duration_seconds_bucket{outcome=\"ok\",le=\"0.001\"}"))
    }
  }

  @Test func ingestRefusesUnknownTablesAndCountsRejects() async throws {
    let harness = try ServerHarness("serve_ingest")
    try await harness.run { client in
      var headers = harness.headers(.ingest, json: false)
      headers[.contentType] = "application/x-ndjson"
      try Body.error(
        try await client.execute(
          uri: "/api/v1/ingest?table=NoSuchTable", method: .post, headers: headers, body: ByteBuffer(string: "{}\n")),
        status: .notFound, code: "not_found")
      try Body.error(
        try await client.execute(uri: "/api/v1/ingest", method: .post, headers: headers, body: ByteBuffer(string: "")),
        status: .badRequest, code: "bad_request")
      // The body is required: none is a malformed request, not a load of nothing.
      for body in [ByteBuffer(string: ""), nil] {
        try Body.error(
          try await client.execute(
            uri: "/api/v1/ingest?table=DeviceProcessEvents", method: .post, headers: headers, body: body),
          status: .badRequest, code: "bad_request")
      }
      let body = try Body.object(
        try await client.execute(
          uri: "/api/v1/ingest?table=DeviceProcessEvents", method: .post, headers: headers,
          body: ByteBuffer(string: "{\"DeviceName\":\"a\"}\nnot json\n{\"Timestamp\":\"not a time\"}\n")))
      #expect(body["rowsLoaded"] as? Int == 1, "\(body)")
      #expect(body["rowsRejected"] as? Int == 2)
      let rejects = try #require(body["rejects"] as? [[String: Any]])
      #expect(rejects.map { $0["line"] as? Int } == [2, 3])
    }
  }
}
