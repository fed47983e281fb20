import Foundation
import Hummingbird
import SpoorEngine

/// Counts every request by route and final status (outermost, so it sees the statuses errors turn into).
struct RequestMetricsMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let metrics: ServerMetrics

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let response = try await next(request, context)
    metrics.request(
      route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code)
    return response
  }
}

/// Turns every error into the API's one JSON error shape.
struct ErrorShapeMiddleware: RouterMiddleware {
  typealias Context = ServerContext

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    do {
      return try await next(request, context)
    } catch {
      return try APIError.from(error).response(from: request, context: context)
    }
  }
}

/// Authenticates every request but the health probes: a live bearer token, else 401.
///
/// The handlers then check the role (403).
struct AuthenticationMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let pool: DatabasePool
  /// Paths that need no token.
  static let openPaths: Set<String> = ["/healthz", "/readyz"]

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
    guard let header = request.headers[.authorization], header.count > 7,
      header.prefix(7).lowercased() == "bearer "
    else { throw APIError.unauthorized }
    let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    guard let role = try await pool.withConnection({ try TokenStore.role(ofToken: token, on: $0) }) else {
      throw APIError.unauthorized
    }
    var context = context
    context.role = role
    return try await next(request, context)
  }
}
