import Foundation
import Hummingbird

/// Serves the web hunting console: `/` and `/console/…` from the files compiled into the binary
/// (``ConsoleAssets``), `/vendor/…` from the JavaScript libraries Debian installs under `/usr/share/javascript`
/// (CodeMirror, Chart.js).
///
/// It sits before authentication: the pages hold no data, and the console sends the token the user types with
/// every `/api/v1` call it makes. Any other request passes through.
struct ConsoleMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  /// Where Debian's `libjs-*` packages put their files.
  let javascriptRoot: String

  init(javascriptRoot: String = "/usr/share/javascript") {
    self.javascriptRoot = javascriptRoot
  }

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard request.method == .get || request.method == .head else { return try await next(request, context) }
    let path = request.uri.path
    if path == "/" || path == "/index.html",
      let page = Self.response(ConsoleAssets.bundled["index.html"], contentType: "text/html; charset=utf-8")
    {
      return page
    }
    if path.hasPrefix("/console/") {
      let name = String(path.dropFirst("/console/".count))
      guard let text = ConsoleAssets.bundled[name] else { throw APIError.notFound("no console file '\(name)'") }
      return Self.response(text, contentType: Self.contentType(of: name))!
    }
    if path.hasPrefix("/vendor/") {
      let relative = String(path.dropFirst("/vendor/".count))
      guard ConsoleAssets.vendorFiles.contains(relative) else {
        throw APIError.notFound("no vendored file '\(relative)'")
      }
      guard let data = FileManager.default.contents(atPath: javascriptRoot + "/" + relative) else {
        throw APIError.notFound(
          "\(javascriptRoot)/\(relative) is missing: install libjs-codemirror and libjs-chart.js "
            + "(scripts/install-dependencies)")
      }
      return Response(
        status: .ok,
        headers: [.contentType: Self.contentType(of: relative), .cacheControl: "public, max-age=86400"],
        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
    return try await next(request, context)
  }

  static func response(_ text: String?, contentType: String) -> Response? {
    guard let text else { return nil }
    return Response(
      status: .ok, headers: [.contentType: contentType, .cacheControl: "no-cache"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func contentType(of name: String) -> String {
    if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
    if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
    if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
    return "application/octet-stream"
  }
}
