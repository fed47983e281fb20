import Foundation

/// Why an `externaldata` source could not be read: every message names the address.
public struct ExternalDataError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
  /// The storage address as the query wrote it.
  public var address: String
  /// What went wrong.
  public var message: String

  /// Creates an error.
  public init(address: String, message: String) {
    self.address = address
    self.message = message
  }

  /// `externaldata 'address': message`.
  public var description: String { "externaldata '\(address)': \(message)" }

  /// The same text as ``description``.
  public var errorDescription: String? { description }

  static func tooLarge(_ address: String, limit: Int) -> ExternalDataError {
    ExternalDataError(address: address, message: "larger than the \(limit)-byte limit")
  }

  static func timedOut(_ address: String, seconds: Double) -> ExternalDataError {
    ExternalDataError(address: address, message: "no complete answer within the \(formatted(seconds)) s timeout")
  }

  static func httpStatus(_ address: String, status: Int) -> ExternalDataError {
    ExternalDataError(address: address, message: "the server answered HTTP \(status)")
  }

  static func atLine(_ address: String, line: Int, _ message: String) -> ExternalDataError {
    ExternalDataError(address: address, message: "line \(line): \(message)")
  }

  private static func formatted(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
  }
}
