import HTTPTypes
import Hummingbird

/// The server's routes, collected before they are added to the router, so that the methods each path answers
/// are known to ``MethodNotAllowedMiddleware`` (Hummingbird answers 404 for a known path with another method).
struct RouteList {
  /// One route: a method, a path pattern (`:name` matches one segment) and its handler.
  struct Route {
    let method: HTTPRequest.Method
    let path: String
    let handler: @Sendable (Request, ServerContext) async throws -> Response
  }

  private(set) var routes: [Route] = []

  /// Adds `GET path`.
  mutating func get<Output: ResponseGenerator>(
    _ path: String, _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Output
  ) {
    add(.get, path, handler)
  }

  /// Adds `POST path`.
  mutating func post<Output: ResponseGenerator>(
    _ path: String, _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Output
  ) {
    add(.post, path, handler)
  }

  private mutating func add<Output: ResponseGenerator>(
    _ method: HTTPRequest.Method, _ path: String,
    _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Output
  ) {
    routes.append(
      Route(method: method, path: path) { request, context in
        try await handler(request, context).response(from: request, context: context)
      })
  }

  /// Each path pattern with the methods it answers.
  var methodTable: MethodTable {
    var table: [[String]: Set<HTTPRequest.Method>] = [:]
    for route in routes { table[MethodTable.segments(route.path), default: []].insert(route.method) }
    return MethodTable(patterns: table.map { ($0.key, $0.value) })
  }

  /// Adds every route to `router` (after its middleware, which Hummingbird applies to routes added later).
  func register(on router: Router<ServerContext>) {
    for route in routes {
      let handler = route.handler
      router.on(RouterPath(route.path), method: route.method) { request, context in
        try await handler(request, context)
      }
    }
  }
}

/// The methods each route path answers, matched as Hummingbird's router matches paths.
struct MethodTable: Sendable {
  let patterns: [(segments: [String], methods: Set<HTTPRequest.Method>)]

  /// A path's non-empty segments.
  static func segments(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }

  /// The methods `path` answers, sorted by name; empty when no route has that path.
  func methods(answering path: String) -> [HTTPRequest.Method] {
    let requested = Self.segments(path)
    var methods = Set<HTTPRequest.Method>()
    for pattern in patterns where pattern.segments.count == requested.count {
      let matches = zip(pattern.segments, requested).allSatisfy { expected, actual in
        expected.hasPrefix(":") || expected == actual
      }
      if matches { methods.formUnion(pattern.methods) }
    }
    return methods.sorted { $0.rawValue < $1.rawValue }
  }
}

/// Answers 405 with an `Allow` header, in the API's error shape, for a known path asked with a method it does
/// not answer (RFC 9110 §15.5.6).
///
/// It runs after authentication, so a request without a token still gets 401 whatever its method.
struct MethodNotAllowedMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let table: MethodTable

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let allowed = table.methods(answering: request.uri.path)
    guard !allowed.isEmpty, !allowed.contains(request.method) else { return try await next(request, context) }
    let names = allowed.map(\.rawValue).joined(separator: ", ")
    throw APIError(
      .methodNotAllowed, code: "method_not_allowed",
      message: "\(request.uri.path) answers \(names), not \(request.method.rawValue)", headers: [.allow: names])
  }
}
