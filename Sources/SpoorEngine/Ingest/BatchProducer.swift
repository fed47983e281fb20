import Foundation

/// Reads one input on its own thread and hands converted batches, with their COPY text, to a ``BatchChannel``.
struct BatchProducer: @unchecked Sendable {
  // `@unchecked Sendable`: `file` (a non-Sendable class) is handed to the producer thread and used only there
  // after `start()`; the caller keeps only its immutable `displayName` and `size`.
  let file: InputFile
  let format: IngestFormat
  let builder: BatchBuilder
  let batchSize: Int
  let channel: BatchChannel

  /// Starts the thread.
  func start() {
    let thread = Thread { self.run() }
    thread.stackSize = 1 << 22
    thread.start()
  }

  private func run() {
    var reader: any RecordReader =
      switch format {
      case .ndjson: NDJSONReader(file: file)
      case .csv: CSVReader(file: file)
      }
    let name = file.displayName
    var batch = Batch(tableCount: builder.encoders.count)
    var hints: [Int] = []
    do {
      while let record = try reader.next() {
        builder.add(record, file: name, to: &batch, hints: &hints)
        if batch.records.count + batch.rejects.count >= batchSize {
          batch.bytesRead = reader.bytesRead
          batch.encode(with: builder.encoders)
          guard channel.put(batch) else { return channel.finish(failure: nil) }
          batch = Batch(tableCount: builder.encoders.count)
        }
      }
      batch.bytesRead = reader.bytesRead
      batch.encode(with: builder.encoders)
      _ = channel.put(batch)
      channel.finish(failure: nil)
    } catch {
      batch.bytesRead = reader.bytesRead
      _ = channel.put(batch)
      channel.finish(failure: error)
    }
  }
}
