import AsyncHTTPClient
import Foundation
import NIOCore
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Headless Chromium runs a `render timechart` query in the console of a real `spoor serve`, and opens its hits
/// page (issue 15).
///
/// The DOM must hold the rows and the chart, and on the hits page the hits-over-time chart, the latest runs with
/// a failure, and a hunt's detail with its query; a screenshot of each is kept under `.build/artifacts/`.
@Suite(.serialized) struct ConsoleBrowserTests {
  /// Debian's `chromium`; the test fails, loudly, without it.
  static func chromium() throws -> String {
    for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    where FileManager.default.isExecutableFile(atPath: path) {
      return path
    }
    throw ServerTestError(
      message: "chromium is not installed: the console's browser test needs it (bash scripts/install-dependencies)")
  }

  /// Runs headless Chromium on `url` with `arguments` and returns its standard output.
  ///
  /// It is killed after two minutes.
  static func runChromium(_ url: String, _ arguments: [String]) throws -> String {
    let profile = NSTemporaryDirectory() + "spoor-chromium-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try chromium())
    process.arguments =
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--user-data-dir=\(profile)", "--window-size=1440,1000", "--virtual-time-budget=20000",
        "--hide-scrollbars",
      ] + arguments + [url]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    watchdog.cancel()
    guard process.terminationStatus == 0 else {
      throw ServerTestError(message: "chromium exited with \(process.terminationStatus) on \(url)")
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// A database with a day of process starts, two to four per hour.
  static func database() throws -> ConnectionConfiguration {
    let database = try TestDatabase.makeDatabase(named: "serve_console_browser")
    let connection = try Connection(configuration: database)
    defer { connection.close() }
    _ = try connection.execute(
      """
      INSERT INTO public."DeviceProcessEvents" ("Timestamp", "DeviceName", "FileName", "ProcessCommandLine")
      SELECT timestamptz '2026-03-01T00:00:00Z' + make_interval(hours => h, mins => m),
        'host-' || (h % 3), CASE WHEN m = 0 THEN 'powershell.exe' ELSE 'cmd.exe' END, 'cmd /c whoami'
      FROM generate_series(0, 23) AS h, generate_series(0, 45, 15) AS m
      WHERE m < 30 OR h % 2 = 0
      """)
    return database
  }

  static let query = """
    DeviceProcessEvents
    | summarize Starts = count() by bin(Timestamp, 1h)
    | sort by Timestamp asc
    | render timechart
    """

  @Test func theConsoleRunsAQueryAndDrawsItsTimechart() throws {
    _ = try Self.chromium()
    let server = try ServeProcess(database: try Self.database())
    defer { _ = server.stop() }
    let token = server.hunterToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    let query = Self.query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    let url = "\(server.baseURL)/#token=\(token)&/query?q=\(query)&lang=kql&run=1"

    let dom = try Self.runChromium(url, ["--dump-dom"])
    // The grid: a header per column and 24 hourly rows, in the query's order.
    #expect(dom.contains(#"<strong id="row-count">24 rows</strong>"#), "\(dom.prefix(4_000))")
    let cells = dom.matches(of: #/<td class="num" title="(\d+)">/#).map { Int($0.output.1) ?? -1 }
    #expect(cells.count == 24)
    #expect(cells.reduce(0, +) == 72)
    #expect(dom.contains("<th title=\"timestamp\">Timestamp</th>") || dom.contains(">Timestamp</th>"))
    #expect(dom.contains(">Starts</th>"))
    // The chart: the box names the chart it drew, with one series of 24 points.
    #expect(dom.contains(#"data-chart="timechart""#), "no timechart in the DOM")
    #expect(dom.contains(#"data-series="1""#))
    #expect(dom.contains(#"data-points="24""#))
    #expect(!dom.contains("does not translate"))

    // A screenshot for people: .build/artifacts/console-timechart.png.
    try Self.screenshot(url, name: "console-timechart.png")
  }

  /// Keeps a screenshot of `url` as `.build/artifacts/NAME`.
  static func screenshot(_ url: String, name: String) throws {
    let artifacts = TestDatabase.packageRoot + "/.build/artifacts"
    try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
    let screenshot = artifacts + "/" + name
    try? FileManager.default.removeItem(atPath: screenshot)
    _ = try Self.runChromium(url, ["--screenshot=\(screenshot)"])
    let attributes = try FileManager.default.attributesOfItem(atPath: screenshot)
    #expect((attributes[.size] as? Int ?? 0) > 10_000, "the screenshot is empty")
    print("console screenshot: \(screenshot)")
  }

  /// A hunt that loads but cannot run: its query names a column no table has, so every run fails.
  static let brokenHuntYAML = """
    id: broken-column
    title: "Broken column"
    description: |
      A test hunt that fails.
    severity: low
    language: kql
    schedule: 1h
    lookback: 1d
    enabled: true
    query: |
      DeviceProcessEvents
      | where NoSuchColumn == "x"
    """

  @Test func theHitsPageShowsHitsOverTimeRunsAndAHuntsQuery() async throws {
    _ = try Self.chromium()
    let database = try ServeProcess.databaseWithCalcStarts(named: "serve_console_hits")
    let queries = try ServeProcess.huntFolder([
      "calc-starts.yaml": ServerHarness.huntYAML, "broken-column.yaml": Self.brokenHuntYAML,
    ])
    defer { try? FileManager.default.removeItem(atPath: queries) }
    let server = try ServeProcess(database: database, arguments: ["--queries", queries])
    defer { _ = server.stop() }
    // One run of each hunt through the API: two hits, one succeeded run, one failed run.
    for (hunt, status) in [("calc-starts", "succeeded"), ("broken-column", "failed")] {
      var request = HTTPClientRequest(url: server.baseURL + "/api/v1/hunts/\(hunt)/run")
      request.method = .POST
      request.headers.add(name: "Authorization", value: "Bearer \(server.hunterToken)")
      let response = try await ServeProcessTests.patientClient.execute(request, timeout: .seconds(120))
      let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
      #expect(body.contains(#""status":"\#(status)""#), "\(body)")
    }

    let token = server.hunterToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    let url = "\(server.baseURL)/#token=\(token)&/hits?hunt=calc-starts"
    let dom = try Self.runChromium(url, ["--dump-dom"])
    // Hits over time: one hunt, two hits, drawn.
    #expect(dom.contains(#"id="hits-chart-box""#), "\(dom.prefix(4_000))")
    #expect(dom.contains(#"data-hunts="1""#), "\(dom.prefix(6_000))")
    #expect(dom.contains(#"data-hits="2""#))
    #expect(dom.contains(#"data-chart="hits""#), "no hits chart in the DOM")
    // The latest runs, the failure with its error.
    let runs = try #require(Self.element(id: "runs", in: dom), "no runs table")
    #expect(runs.contains(#"<span class="status succeeded">succeeded</span>"#), "\(runs)")
    #expect(runs.contains(#"<span class="status failed">failed</span>"#), "\(runs)")
    #expect(runs.contains("NoSuchColumn"), "the failed run's error is not shown: \(runs)")
    #expect(runs.contains(#"class="failed""#))
    // The hunts, and the detail of the hunt the URL names: its title, its query, its latest hits.
    let hunts = try #require(Self.element(id: "hunts", in: dom), "no hunts table")
    #expect(hunts.contains("Calculator started") && hunts.contains("Broken column"))
    #expect(dom.contains(#"data-hunt="calc-starts""#), "no hunt detail")
    let detail = try #require(Self.element(id: "hunt-detail", in: dom))
    #expect(detail.contains("Calculator started (calc-starts)"))
    let query = try #require(detail.firstMatch(of: #/<pre class="detail-query[^"]*">(.*?)</pre>/#.dotMatchesNewlines()))
    let queryText = String(query.output.1).replacing(#/<[^>]+>/#, with: "")
    #expect(queryText.contains("DeviceProcessEvents"), "\(queryText)")
    #expect(
      queryText.contains("FileName =~ &quot;calc.exe&quot;") || queryText.contains(#"FileName =~ "calc.exe""#),
      "\(queryText)")
    #expect(detail.contains("Latest hits") && detail.contains("host-a") && detail.contains("host-b"))

    try Self.screenshot(url, name: "console-hits.png")
  }

  /// The HTML of the element with `id` in a dumped DOM, up to the end of its tag name's first closing tag at the
  /// same depth (enough for tables and divs without nested ones of the same name).
  static func element(id: String, in dom: String) -> String? {
    guard let start = dom.range(of: #"id="\#(id)""#) else { return nil }
    guard let open = dom[..<start.lowerBound].lastIndex(of: "<") else { return nil }
    let name = dom[dom.index(after: open)...].prefix { $0.isLetter }
    var depth = 0
    var cursor = open
    while let next = dom[cursor...].firstRange(of: try! Regex("</?\(name)[ >]")) {
      depth += dom[next].hasPrefix("</") ? -1 : 1
      cursor = next.upperBound
      if depth == 0 { return String(dom[open..<next.upperBound]) }
    }
    return nil
  }
}
