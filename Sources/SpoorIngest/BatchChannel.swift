import Foundation

/// A bounded hand-over of batches from the reading thread to the loading workers, and of their outcomes back.
///
/// Batches are numbered as they are taken; outcomes are handed back in that order (``readyOutcomes()``), so the
/// ingest applies them as one worker would. A worker's failure stops the producer and every worker at once.
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
  private var taken = 0
  private var outcomes: [Int: BatchOutcome] = [:]
  private var nextOutcome = 0
  private var activeWorkers = 0
  private var workerFailure: (any Error)?

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

  /// The next batch and its number, nil at the end or once cancelled; rethrows the producer's error after the
  /// batches before it, and a worker's error at once.
  func take() throws -> (sequence: Int, batch: Batch)? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty && !finished && !cancelled { condition.wait() }
    if let workerFailure { throw workerFailure }
    if cancelled { return nil }
    if !queue.isEmpty {
      let batch = queue.removeFirst()
      taken += 1
      condition.broadcast()
      return (taken - 1, batch)
    }
    if let failure { throw failure }
    return nil
  }

  /// Records the outcome of batch `sequence`.
  func complete(_ sequence: Int, with outcome: BatchOutcome) {
    condition.lock()
    outcomes[sequence] = outcome
    condition.unlock()
  }

  /// The outcomes recorded since the last call that follow on from it without a gap, in batch order.
  func readyOutcomes() -> [BatchOutcome] {
    condition.lock()
    defer { condition.unlock() }
    var ready: [BatchOutcome] = []
    while let outcome = outcomes.removeValue(forKey: nextOutcome) {
      ready.append(outcome)
      nextOutcome += 1
    }
    return ready
  }

  /// Counts a worker thread in, before it starts.
  func workerStarted() {
    condition.lock()
    activeWorkers += 1
    condition.unlock()
  }

  /// Counts a worker thread out, as it ends.
  func workerFinished() {
    condition.lock()
    activeWorkers -= 1
    condition.broadcast()
    condition.unlock()
  }

  /// Stops the ingest for a worker's error: the producer and the other workers stop, and ``take()`` and
  /// ``waitForWorkers()`` throw the first such error.
  func fail(_ error: any Error) {
    condition.lock()
    if workerFailure == nil { workerFailure = error }
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }

  /// Waits until every worker thread has ended; throws the first worker's error, if any.
  func waitForWorkers() throws {
    condition.lock()
    defer { condition.unlock() }
    while activeWorkers > 0 { condition.wait() }
    if let workerFailure { throw workerFailure }
  }

  /// Tells the producer and the workers to stop and waits until they have.
  func cancelAndWait() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    while !producerDone || activeWorkers > 0 { condition.wait() }
    condition.unlock()
  }
}
