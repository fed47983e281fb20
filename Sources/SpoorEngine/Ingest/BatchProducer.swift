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
    var batch = Batch(tableCount: builder.encoders.count)
    do {
      let finished: Bool
      switch format {
      case .ndjson:
        finished = try produce(from: NDJSONReader(file: file), into: &batch)
      case .csv:
        var reader = CSVReader(file: file)
        if builder.mapper == nil, let header = try reader.readHeader(),
          let copier = CSVCopyEncoder(header: header, encoder: builder.encoders[0])
        {
          finished = try produce(from: &reader, header: header, copier: copier, into: &batch)
        } else {
          finished = try produce(from: reader, into: &batch)
        }
      }
      guard finished else { return channel.finish(failure: nil) }
      batch.encode(with: builder.encoders)
      _ = channel.put(batch)
      channel.finish(failure: nil)
    } catch {
      _ = channel.put(batch)
      channel.finish(failure: error)
    }
  }

  /// Reads every record into batches, handing each full one over; false when the consumer has gone away.
  private func produce(from reader: some RecordReader, into batch: inout Batch) throws -> Bool {
    var reader = reader
    var hints: [Int] = []
    var lineage = builder.lineage.map(ProcessLineage.Memory.init)
    let name = file.displayName
    while let record = try reader.next() {
      builder.add(record, file: name, to: &batch, hints: &hints, lineage: &lineage)
      batch.bytesRead = reader.bytesRead
      guard handOverIfFull(&batch) else { return false }
    }
    batch.bytesRead = reader.bytesRead
    return true
  }

  /// ``produce(from:into:)`` for CSV under a plain header into one table: from the fields' bytes straight to COPY
  /// text (``CSVCopyEncoder``), without an ``InputRecord``.
  private func produce(
    from reader: inout CSVReader, header: [String], copier: CSVCopyEncoder, into batch: inout Batch
  ) throws -> Bool {
    let name = file.displayName
    while let record = try reader.nextRawRecord() {
      builder.add(record, fields: reader.fields, headerCount: header.count, copier: copier, file: name, to: &batch)
      batch.bytesRead = reader.bytesRead
      guard handOverIfFull(&batch) else { return false }
    }
    batch.bytesRead = reader.bytesRead
    return true
  }

  /// Hands `batch` over (with its COPY text) and starts a new one when it is full; false when the consumer has
  /// gone away.
  private func handOverIfFull(_ batch: inout Batch) -> Bool {
    guard batch.records.count + batch.rejects.count >= batchSize else { return true }
    batch.encode(with: builder.encoders)
    let textBytes = batch.textBytes
    guard channel.put(batch) else { return false }
    batch = Batch(tableCount: builder.encoders.count)
    batch.textCapacity = textBytes + textBytes / 8
    return true
  }
}
