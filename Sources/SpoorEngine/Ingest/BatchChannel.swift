import Foundation

/// A bounded hand-over of batches from the reading thread to the loading one.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is locked.
final class BatchChannel: @unchecked Sendable {
  private let condition = NSCondition()
  private let capacity: Int
  private var queue: [Batch] = []
  private var finished = false
  private var failure: (any Error)?
  private var cancelled = false
  private var producerDone = false

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// Hands over a batch, waiting while the channel is full; false when the consumer has gone away.
  func put(_ batch: Batch) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while queue.count >= capacity && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    queue.append(batch)
    condition.broadcast()
    return true
  }

  /// Ends the stream, with the error that stopped the producer, if any.
  func finish(failure: (any Error)?) {
    condition.lock()
    self.failure = failure
    finished = true
    producerDone = true
    condition.broadcast()
    condition.unlock()
  }

  /// The next batch, nil at the end; rethrows the producer's error after the batches before it.
  func take() throws -> Batch? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty && !finished { condition.wait() }
    if !queue.isEmpty {
      let batch = queue.removeFirst()
      condition.broadcast()
      return batch
    }
    if let failure { throw failure }
    return nil
  }

  /// Tells the producer to stop and waits until it has.
  func cancelAndWait() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    while !producerDone { condition.wait() }
    condition.unlock()
  }
}
