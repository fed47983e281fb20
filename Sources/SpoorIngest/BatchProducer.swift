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
  /// The ledger source each batch records its range under, and the ranges earlier ingests committed (skipped).
  let ledger: (source: Int64, committed: [IngestLedger.Range])?

  /// Starts the thread.
  func start() {
    let thread = Thread { self.run() }
    thread.stackSize = 1 << 22
    thread.start()
  }

  private func run() {
    var batch = newBatch(at: 0)
    do {
      let finished: Bool
      switch format {
      case .ndjson:
        finished = try produce(from: NDJSONReader(file: file), into: &batch)
      case .csv:
        var reader = CSVReader(file: file)
        // The header first: batches (and the ledger's ranges) start after it.
        let header = try reader.readHeader()
        batch.startOffset = reader.bytesRead
        if builder.mapper == nil, let header, let copier = CSVCopyEncoder(header: header, encoder: builder.encoders[0])
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
    var committed = ledger?.committed[...] ?? []
    let name = file.displayName
    while true {
      guard try skipCommitted(&committed, reader: &reader, batch: &batch) else { return false }
      guard let record = try reader.next() else { break }
      builder.add(record, file: name, to: &batch, hints: &hints, lineage: &lineage)
      batch.bytesRead = reader.bytesRead
      batch.nextLine = reader.nextLine
      guard handOverIfFull(&batch) else { return false }
    }
    return true
  }

  /// At the start of a range an earlier ingest committed: hands the batch so far over and goes on after the range;
  /// false when the consumer has gone away.
  private func skipCommitted(
    _ committed: inout ArraySlice<IngestLedger.Range>, reader: inout some RecordReader, batch: inout Batch
  ) throws -> Bool {
    while let range = committed.first, range.start <= reader.bytesRead {
      committed.removeFirst()
      // A range that does not start at a record boundary of this reading belongs to another one: ignored.
      guard range.start == reader.bytesRead else { continue }
      if batch.read > 0 {
        guard handOver(&batch) else { return false }
      }
      try reader.skip(to: range.end, line: range.nextLine)
      batch = newBatch(at: range.end)
    }
    return true
  }

  /// ``produce(from:into:)`` for CSV under a plain header into one table: from the fields' bytes straight to COPY
  /// text (``CSVCopyEncoder``), without an ``InputRecord``.
  private func produce(
    from reader: inout CSVReader, header: [String], copier: CSVCopyEncoder, into batch: inout Batch
  ) throws -> Bool {
    let name = file.displayName
    var committed = ledger?.committed[...] ?? []
    while true {
      guard try skipCommitted(&committed, reader: &reader, batch: &batch) else { return false }
      guard let record = try reader.nextRawRecord() else { break }
      builder.add(record, fields: reader.fields, headerCount: header.count, copier: copier, file: name, to: &batch)
      batch.bytesRead = reader.bytesRead
      batch.nextLine = reader.nextLine
      guard handOverIfFull(&batch) else { return false }
    }
    return true
  }

  /// Hands `batch` over (with its COPY text) and starts a new one when it is full; false when the consumer has
  /// gone away.
  private func handOverIfFull(_ batch: inout Batch) -> Bool {
    guard batch.records.count + batch.rejects.count >= batchSize else { return true }
    return handOver(&batch)
  }

  /// Hands `batch` over (with its COPY text) and starts a new one where it ends; false when the consumer has gone
  /// away.
  private func handOver(_ batch: inout Batch) -> Bool {
    batch.encode(with: builder.encoders)
    let textBytes = batch.textBytes
    guard channel.put(batch) else { return false }
    batch = newBatch(at: batch.bytesRead)
    batch.textCapacity = textBytes + textBytes / 8
    return true
  }

  /// An empty batch starting at byte `offset`.
  private func newBatch(at offset: Int) -> Batch {
    var batch = Batch(tableCount: builder.encoders.count)
    batch.startOffset = offset
    batch.bytesRead = offset
    batch.ledgerSource = ledger?.source
    return batch
  }
}
