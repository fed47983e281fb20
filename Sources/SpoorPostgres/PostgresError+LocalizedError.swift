import Foundation

extension PostgresError: LocalizedError {
  /// The same short text as ``description``, so `localizedDescription` is useful too.
  public var errorDescription: String? { description }
}
