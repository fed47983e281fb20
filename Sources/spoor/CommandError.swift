/// A failure a command reports to the user as one line (`error: …` on stderr, exit status 1).
struct CommandError: Error, CustomStringConvertible {
  /// The line to print.
  var message: String

  /// An error with this message.
  init(_ message: String) { self.message = message }

  /// The message.
  var description: String { message }
}
