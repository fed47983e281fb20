import Hummingbird
import SpoorEngine

/// The per-request context: Hummingbird's core storage plus the role the request's token carries.
public struct ServerContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The token's role; nil before authentication and on the unauthenticated paths.
  public var role: Role?

  public init(source: Source) {
    coreContext = .init(source: source)
    role = nil
  }

  /// Throws 403 unless the token's role allows `required` (401 when there is no token).
  func require(_ required: Role) throws {
    guard let role else { throw APIError.unauthorized }
    guard role.allows(required) else { throw APIError.forbidden(required) }
  }
}
