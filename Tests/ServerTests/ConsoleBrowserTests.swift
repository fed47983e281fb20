import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Headless Chromium loads the console of a real `spoor serve`, runs a query with `render timechart`, and the
/// DOM holds the rows and the chart (issue 15). A screenshot is kept under `.build/artifacts/`.
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

  /// Runs headless Chromium on `url` with `arguments`; returns its standard output. Killed after two minutes.
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
    let artifacts = TestDatabase.packageRoot + "/.build/artifacts"
    try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
    let screenshot = artifacts + "/console-timechart.png"
    try? FileManager.default.removeItem(atPath: screenshot)
    _ = try Self.runChromium(url, ["--screenshot=\(screenshot)"])
    let attributes = try FileManager.default.attributesOfItem(atPath: screenshot)
    #expect((attributes[.size] as? Int ?? 0) > 10_000, "the screenshot is empty")
    print("console screenshot: \(screenshot)")
  }
}
