import Dispatch
import Foundation

/// A stop request raised by SIGTERM / SIGINT (or by code), which the scheduler checks between windows.
///
/// A final class because it owns the process's signal sources; `@unchecked Sendable` is safe because its only
/// mutable state, the flag, is guarded by `lock`, and the semaphore is itself thread-safe.
public final class ShutdownSignal: @unchecked Sendable {
  private let lock = NSLock()
  private var requested = false
  private let wakeUp = DispatchSemaphore(value: 0)
  private var sources: [any DispatchSourceSignal] = []

  /// Creates a signal that only code can raise (see ``request()``).
  public init() {}

  /// Creates a signal raised by the given POSIX signals (their default action, ending the process, is disabled).
  public convenience init(signals: [Int32]) {
    self.init()
    for number in signals {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [weak self] in self?.request() }
      source.resume()
      sources.append(source)
    }
  }

  deinit {
    for source in sources { source.cancel() }
  }

  /// True once a stop was requested.
  public var isRequested: Bool {
    lock.lock()
    defer { lock.unlock() }
    return requested
  }

  /// Requests a stop and wakes a waiting ``wait(seconds:)``.
  public func request() {
    lock.lock()
    let first = !requested
    requested = true
    lock.unlock()
    if first { wakeUp.signal() }
  }

  /// Sleeps up to `seconds`, returning early (true) when a stop is requested.
  public func wait(seconds: Double) -> Bool {
    if isRequested { return true }
    _ = wakeUp.wait(timeout: .now() + seconds)
    return isRequested
  }
}
