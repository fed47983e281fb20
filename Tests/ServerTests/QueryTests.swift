import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SpoorEngine
import SpoorServer
import Testing

/// `/query`, `/validate`, `/explain` and `/schema` over real HTTP and PostgreSQL.
@Suite struct QueryTests {
  /// Loads three process events through `/ingest` (an admin may ingest).
  static func ingestSample(_ client: any TestClientProtocol, _ harness: ServerHarness) async throws {
    let lines = [
      #"{"Timestamp":"\#(isoAgo(seconds: 3_600))","DeviceName":"host-a","FileName":"calc.exe","ProcessCommandLine":"calc.exe \"x,y\""}"#,
      #"{"Timestamp":"\#(isoAgo(seconds: 1_800))","DeviceName":"host-b","FileName":"CALC.EXE","ProcessCommandLine":"calc"}"#,
      #"{"Timestamp":"\#(isoAgo(seconds: 600))","DeviceName":"host-c","FileName":"notepad.exe","ProcessCommandLine":"notepad"}"#,
    ]
    var headers = harness.headers(.ingest, json: false)
    headers[.contentType] = "application/x-ndjson"
    let response = try await client.execute(
      uri: "/api/v1/ingest?table=DeviceProcessEvents", method: .post, headers: headers,
      body: ByteBuffer(string: lines.joined(separator: "\n") + "\n"))
    #expect(response.status == .ok, "\(Body.text(response))")
    let body = try Body.object(response)
    #expect(body["rowsLoaded"] as? Int == 3)
    #expect(body["rowsRejected"] as? Int == 0)
  }

  static let calc =
    "DeviceProcessEvents | where FileName =~ 'calc.exe' | project DeviceName, ProcessCommandLine | sort by DeviceName asc"

  @Test func jsonResultHasColumnsRowsCountAndTime() async throws {
    let harness = try ServerHarness("serve_query_json")
    try await harness.run { client in
      try await Self.ingestSample(client, harness)
      let response = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter), body: Body.json(["query": Self.calc]))
      #expect(response.status == .ok, "\(Body.text(response))")
      #expect(response.headers[.contentType] == "application/json")
      let body = try Body.object(response)
      #expect(body["language"] as? String == "kql")
      #expect(body["rowCount"] as? Int == 2)
      #expect(body["truncated"] as? Bool == false)
      #expect((body["elapsedMs"] as? Double ?? -1) >= 0)
      let columns = try #require(body["columns"] as? [[String: String]])
      #expect(
        columns == [["name": "DeviceName", "type": "string"], ["name": "ProcessCommandLine", "type": "string"]])
      // Each row is an array of values in the columns' order, as the document says.
      let rows = try #require(body["rows"] as? [[String]], "\(Body.text(response))")
      #expect(rows == [["host-a", "calc.exe \"x,y\""], ["host-b", "calc"]])
      // The columns come before the rows, so a streaming client knows them first.
      let text = Body.text(response)
      let columnsAt = try #require(text.range(of: #""columns":"#)?.lowerBound)
      let rowsAt = try #require(text.range(of: #""rows":"#)?.lowerBound)
      #expect(columnsAt < rowsAt)
      #expect(body.keys.contains("render") && body["render"] is NSNull)
    }
  }

  @Test func renderIsReportedForTheConsole() async throws {
    let harness = try ServerHarness("serve_query_render")
    try await harness.run { client in
      let query = "DeviceProcessEvents | summarize count() by bin(Timestamp, 1h) | render timechart"
      let body = try Body.object(
        try await client.execute(
          uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter), body: Body.json(["query": query])))
      let render = body["render"] as? [String: Any]
      #expect(render?["kind"] as? String == "timechart")
      #expect(render?["yColumns"] as? [String] == [])
      // The properties of `with (…)` and XQL's `view graph` reach the console too (issue 15).
      let drawn = try Body.object(
        try await client.execute(
          uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter),
          body: Body.json([
            "query":
              "dataset = xdr_data | comp count() as n by agent_hostname | view graph type = column layout = horizontal header = \"Hosts\" xaxis = agent_hostname yaxis = n"
          ])))
      let graph = drawn["render"] as? [String: Any]
      #expect(graph?["kind"] as? String == "barchart")
      #expect(graph?["xColumn"] as? String == "agent_hostname")
      #expect(graph?["yColumns"] as? [String] == ["n"])
      #expect(graph?["title"] as? String == "Hosts")
    }
  }

  @Test func ndjsonAndCSVStreamWithTrailers() async throws {
    let harness = try ServerHarness("serve_query_stream")
    try await harness.run { client in
      try await Self.ingestSample(client, harness)
      let ndjson = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter),
        body: Body.json(["query": Self.calc, "format": "ndjson"]))
      #expect(ndjson.headers[.contentType] == "application/x-ndjson")
      #expect(
        Body.text(ndjson) == """
          {"DeviceName":"host-a","ProcessCommandLine":"calc.exe \\"x,y\\""}
          {"DeviceName":"host-b","ProcessCommandLine":"calc"}

          """)
      #expect(ndjson.trailerHeaders?[HTTPField.Name("Spoor-Row-Count")!] == "2")
      #expect(ndjson.trailerHeaders?[HTTPField.Name("Spoor-Truncated")!] == "false")
      let csv = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter),
        body: Body.json(["query": Self.calc, "format": "csv", "max_rows": 1]))
      #expect(Body.text(csv) == "DeviceName,ProcessCommandLine\r\nhost-a,\"calc.exe \"\"x,y\"\"\"\r\n")
      #expect(csv.trailerHeaders?[HTTPField.Name("Spoor-Truncated")!] == "true")
    }
  }

  @Test func theServersCapsBindEveryCaller() async throws {
    let harness = try ServerHarness("serve_query_caps", caps: QueryCaps(maxRows: 2, timeoutMilliseconds: 300))
    try await harness.run { client in
      // Asking for more rows than the cap gets the cap.
      let capped = try Body.object(
        try await client.execute(
          uri: "/api/v1/query", method: .post, headers: harness.headers(.admin),
          body: Body.json(["query": "range x from 1 to 10 step 1", "max_rows": 1_000])))
      #expect(capped["rowCount"] as? Int == 2)
      #expect(capped["truncated"] as? Bool == true)
      // Asking for a longer timeout gets the server's: the statement is cancelled at 300 ms.
      let slow = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: harness.headers(.admin),
        body: Body.json(["query": "range x from 1 to 1000000000 step 1 | count", "timeout": "10m"]))
      let error = try Body.error(slow, status: .badRequest, code: "database")
      #expect(error["sqlstate"] as? String == "57014")
    }
  }

  @Test func translationErrorsCarryTheCLIsDiagnostics() async throws {
    let harness = try ServerHarness("serve_query_invalid")
    try await harness.run { client in
      let query = "DeviceProcessEvents\n| where FileNme == 'x'"
      let response = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter), body: Body.json(["query": query]))
      let error = try Body.error(response, status: .unprocessableContent, code: "invalid_query")
      let diagnostic = try #require((error["diagnostics"] as? [[String: Any]])?.first)
      #expect(diagnostic["severity"] as? String == "error")
      #expect(diagnostic["line"] as? Int == 2)
      #expect(diagnostic["column"] as? Int == 9)
      #expect((diagnostic["suggestion"] as? String)?.contains("FileName") == true, "\(diagnostic)")
      let span = try #require(diagnostic["span"] as? [String: Int])
      #expect(span == ["start": 28, "end": 35])
      #expect(diagnostic["code"] is String && diagnostic["message"] is String)

      let validation = try Body.object(
        try await client.execute(
          uri: "/api/v1/validate", method: .post, headers: harness.headers(.hunter), body: Body.json(["query": query])))
      #expect(validation["valid"] as? Bool == false)
      #expect((validation["diagnostics"] as? [[String: Any]])?.first?["line"] as? Int == 2)
      let valid = try Body.object(
        try await client.execute(
          uri: "/api/v1/validate", method: .post, headers: harness.headers(.hunter),
          body: Body.json(["query": "dataset = xdr_data | limit 1"])))
      #expect(valid["valid"] as? Bool == true)
      #expect(valid["language"] as? String == "xql")
    }
  }

  @Test func queryParametersComeFromTheRequest() async throws {
    let harness = try ServerHarness("serve_query_parameters")
    try await harness.run { client in
      try await Self.ingestSample(client, harness)
      let query =
        "declare query_parameters(Host:string, Name:string = 'calc.exe');\n"
        + "DeviceProcessEvents | where DeviceName == Host and FileName =~ Name | project DeviceName"
      let response = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter),
        body: Body.json(["query": query, "parameters": ["Host": "host-b"]]))
      #expect(response.status == .ok, "\(Body.text(response))")
      #expect(try #require(Body.object(response)["rows"] as? [[String]]) == [["host-b"]])
      // Without a value the query is refused at the name; validate checks it with a placeholder.
      let refused = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: harness.headers(.hunter), body: Body.json(["query": query]))
      let error = try Body.error(refused, status: .unprocessableContent, code: "invalid_query")
      #expect((error["diagnostics"] as? [[String: Any]])?.first?["code"] as? String == "BIND-020")
      let validation = try Body.object(
        try await client.execute(
          uri: "/api/v1/validate", method: .post, headers: harness.headers(.hunter), body: Body.json(["query": query])))
      #expect(validation["valid"] as? Bool == true)
      #expect((validation["diagnostics"] as? [[String: Any]])?.first?["code"] as? String == "KQL-W005")
    }
  }

  @Test func badRequestsGetTheErrorShape() async throws {
    let harness = try ServerHarness("serve_query_bad")
    try await harness.run { client in
      let headers = harness.headers(.hunter)
      for body in [
        "not json", "{}", #"{"query": 3}"#, #"{"query": "x", "extra": 1}"#, #"{"query":"x","format":"xml"}"#,
      ] {
        try Body.error(
          try await client.execute(
            uri: "/api/v1/query", method: .post, headers: headers, body: ByteBuffer(string: body)),
          status: .badRequest, code: "bad_request")
      }
      try Body.error(
        try await client.execute(
          uri: "/api/v1/query", method: .post, headers: headers,
          body: Body.json(["query": "DeviceProcessEvents", "since": "yesterday"])), status: .badRequest,
        code: "bad_request")
      try Body.error(
        try await client.execute(
          uri: "/api/v1/query", method: .post, headers: headers, body: Body.json(["query": "x", "max_rows": 0])),
        status: .badRequest, code: "bad_request")
      // `since` and `timeout` are one whole number and a unit, as the document's patterns say (the CLI's
      // `1h30m` is not part of the API); a zero timeout would mean none, and under 100 ms is less than planning.
      for (field, value) in [
        ("since", "1h30m"), ("since", "1.5h"), ("since", "1234567d"), ("since", "2w"), ("timeout", "0s"),
        ("timeout", "30"), ("timeout", "1d"), ("timeout", "99ms"),
      ] {
        try Body.error(
          try await client.execute(
            uri: "/api/v1/query", method: .post, headers: headers,
            body: Body.json(["query": "print n = 1", field: value])), status: .badRequest, code: "bad_request")
      }
      let accepted = try await client.execute(
        uri: "/api/v1/query", method: .post, headers: headers,
        body: Body.json(["query": "print n = 1", "since": "999999d", "timeout": "100ms", "max_rows": Int64.max]))
      #expect(accepted.status == .ok, "\(Body.text(accepted))")
      // An empty query is a malformed request, for /validate too (the document's minLength).
      for path in ["/api/v1/query", "/api/v1/validate", "/api/v1/explain"] {
        try Body.error(
          try await client.execute(uri: path, method: .post, headers: headers, body: Body.json(["query": ""])),
          status: .badRequest, code: "bad_request")
      }
    }
  }

  /// A known path asked with a method it does not answer: 405, the methods it answers in `Allow`, the error
  /// shape; an unknown path stays 404, and no token stays 401 whatever the method.
  @Test func wrongMethodsAnswer405WithAllow() async throws {
    let harness = try ServerHarness("serve_method_not_allowed")
    try await harness.run { client in
      for (uri, method, allow) in [
        ("/api/v1/query", HTTPRequest.Method.get, "POST"), ("/api/v1/hunts", .post, "GET"),
        ("/api/v1/hunts/calc-starts", .delete, "GET"), ("/api/v1/hunts/calc-starts/run", .get, "POST"),
        ("/api/v1/hits/timeline", .put, "GET"), ("/metrics", .post, "GET"), ("/healthz", .post, "GET"),
        ("/api/v1/hits/", .patch, "GET"),
      ] {
        let response = try await client.execute(uri: uri, method: method, headers: harness.headers(.admin))
        try Body.error(response, status: .methodNotAllowed, code: "method_not_allowed")
        #expect(response.headers[.allow] == allow, "\(method) \(uri)")
      }
      try Body.error(
        try await client.execute(uri: "/api/v1/hunts/a/b/c", method: .get, headers: harness.headers(.admin)),
        status: .notFound, code: "not_found")
      try Body.error(
        try await client.execute(uri: "/api/v1/query", method: .get, headers: harness.headers(nil)),
        status: .unauthorized, code: "unauthorized")
      // The answer is counted like any other.
      let metrics = Body.text(
        try await client.execute(uri: "/metrics", method: .get, headers: harness.headers(.reader)))
      #expect(metrics.contains(#"method="GET",status="405"} "#), "\(metrics)")
    }
  }

  @Test func explainShowsTheSQLItsBindsAndThePlan() async throws {
    let harness = try ServerHarness("serve_explain")
    try await harness.run { client in
      let body = try Body.object(
        try await client.execute(
          uri: "/api/v1/explain", method: .post, headers: harness.headers(.hunter),
          body: Body.json(["query": "DeviceProcessEvents | where FileName == 'calc.exe' | take 5"])))
      #expect((body["sql"] as? String)?.contains("\"DeviceProcessEvents\"") == true, "\(body)")
      #expect((body["parameters"] as? [String])?.contains { $0.contains("calc.exe") } == true, "\(body)")
      #expect((body["plan"] as? [String])?.contains { $0.contains("Scan") || $0.contains("Limit") } == true)
    }
  }

  @Test func schemaListsTablesAndColumnsPerLanguage() async throws {
    let harness = try ServerHarness("serve_schema")
    try await harness.run { client in
      let all = try Body.object(
        try await client.execute(uri: "/api/v1/schema", method: .get, headers: harness.headers(.reader)))
      let tables = try #require(all["tables"] as? [[String: Any]])
      let process = try #require(tables.first { $0["name"] as? String == "DeviceProcessEvents" })
      #expect(process["timeColumn"] as? String == "Timestamp")
      #expect((process["columns"] as? [[String: String]])?.contains(["name": "FileName", "type": "string"]) == true)
      let xql = try Body.object(
        try await client.execute(uri: "/api/v1/schema?language=xql", method: .get, headers: harness.headers(.reader)))
      let names = (xql["tables"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
      #expect(names.contains("xdr_data") && !names.contains("DeviceProcessEvents"))
      #expect((xql["presets"] as? [String])?.contains("xdr_process") == true)
      try Body.error(
        try await client.execute(uri: "/api/v1/schema?language=sql", method: .get, headers: harness.headers(.reader)),
        status: .badRequest, code: "bad_request")
    }
  }
}
