import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorServer

/// The web console's files, the libraries it loads, and the hit timeline it draws (issue 15).
@Suite struct ConsoleTests {
  @Test func bundledConsoleMatchesTheFiles() throws {
    let folder = TestDatabase.packageRoot + "/console"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasSuffix(".html") || $0.hasSuffix(".css") || $0.hasSuffix(".js")
    }
    #expect(Set(names) == Set(ConsoleAssets.bundled.keys), "run scripts/bundle-console.py")
    for name in names {
      let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
      #expect(ConsoleAssets.bundled[name] == text, "console/\(name) changed: run scripts/bundle-console.py")
    }
  }

  @Test func everyScriptAndStylesheetTheConsoleLoadsIsServed() throws {
    let html = try #require(ConsoleAssets.bundled["index.html"])
    let references = html.matches(of: #/(?:src|href)="/(vendor|console)/([^"]+)"/#).map {
      (String($0.output.1), String($0.output.2))
    }
    #expect(references.count >= 8)
    for (kind, path) in references {
      if kind == "console" {
        #expect(ConsoleAssets.bundled[path] != nil, "\(path) is not in console/")
      } else {
        #expect(ConsoleAssets.vendorFiles.contains(path), "\(path) is not served")
        #expect(
          FileManager.default.fileExists(atPath: "/usr/share/javascript/" + path),
          "/usr/share/javascript/\(path) is missing: run scripts/install-dependencies")
      }
    }
  }

  @Test func pagesNeedNoTokenTheAPIStillDoes() async throws {
    let harness = try ServerHarness("serve_console_pages")
    try await harness.run { client in
      let page = try await client.execute(uri: "/", method: .get)
      #expect(page.status == .ok)
      #expect(page.headers[.contentType] == "text/html; charset=utf-8")
      #expect(Body.text(page).contains("<title>Spoor</title>"))
      let script = try await client.execute(uri: "/console/console.js", method: .get)
      #expect(script.status == .ok)
      #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
      let chart = try await client.execute(uri: "/vendor/chart.js/chart.min.js", method: .get)
      #expect(chart.status == .ok)
      #expect(Body.text(chart).contains("Chart.js v3"))
      // Nothing outside the list of library files, and no way out of /usr/share/javascript.
      try Body.error(
        try await client.execute(uri: "/vendor/../../etc/passwd", method: .get), status: .notFound, code: "not_found")
      try Body.error(
        try await client.execute(uri: "/vendor/jquery/jquery.js", method: .get), status: .notFound, code: "not_found")
      try Body.error(
        try await client.execute(uri: "/console/nope.js", method: .get), status: .notFound, code: "not_found")
      try Body.error(
        try await client.execute(uri: "/api/v1/hits/timeline", method: .get), status: .unauthorized,
        code: "unauthorized")
    }
  }

  @Test func timelineCountsHitsPerHuntPerHour() async throws {
    let harness = try ServerHarness("serve_console_timeline")
    try await harness.run { client in
      try await QueryTests.ingestSample(client, harness)
      let run = try Body.object(
        try await client.execute(uri: "/api/v1/hunts/calc-starts/run", method: .post, headers: harness.headers(.hunter))
      )
      #expect(run["newHits"] as? Int == 2)
      let timeline = try Body.object(
        try await client.execute(
          uri: "/api/v1/hits/timeline?since=\(isoAgo(seconds: 7_200))", method: .get,
          headers: harness.headers(.reader)))
      let buckets = try #require(timeline["buckets"] as? [[String: Any]])
      // Both hits were recorded now: one bucket, this hour's.
      #expect(buckets.count == 1)
      #expect(buckets.first?["huntID"] as? String == "calc-starts")
      #expect(buckets.first?["hits"] as? Int == 2)
      let hour = try #require(buckets.first?["hour"] as? String)
      #expect(hour.hasSuffix(":00:00Z"))
      let other = try Body.object(
        try await client.execute(
          uri: "/api/v1/hits/timeline?hunt=other", method: .get, headers: harness.headers(.reader)))
      #expect((other["buckets"] as? [Any])?.isEmpty == true)
      let future = try Body.object(
        try await client.execute(
          uri: "/api/v1/hits/timeline?since=2999-01-01T00:00:00Z", method: .get, headers: harness.headers(.reader)))
      #expect((future["buckets"] as? [Any])?.isEmpty == true)
      try Body.error(
        try await client.execute(
          uri: "/api/v1/hits/timeline?since=yesterday", method: .get, headers: harness.headers(.reader)),
        status: .badRequest, code: "bad_request")
    }
  }
}
