import Dispatch

/// Runs async work from a synchronous command (the root command is synchronous) and waits for its result.
enum AsyncBridge {
  /// Runs `body` on a task and blocks the calling thread until it returns or throws.
  static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = Box<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
      do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
      done.signal()
    }
    done.wait()
    return try box.result!.get()
  }

  // `@unchecked Sendable`: written once by the task before it signals, read only after the wait.
  private final class Box<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
  }
}
