/// Turns input records into ``Batch`` contents: converted rows per table, rejects and skip counts.
struct BatchBuilder: Sendable {
  let encoders: [RowEncoder]
  let mapper: SysmonMapper?
  /// With a mapper: the initiating-process fill of the mapped tables.
  let lineage: ProcessLineage?
  private let tableIndex: [String: Int]

  init(encoders: [RowEncoder], mapper: SysmonMapper?) {
    self.encoders = encoders
    self.mapper = mapper
    lineage = mapper.map { _ in ProcessLineage(tables: encoders.map(\.table)) }
    var tableIndex: [String: Int] = [:]
    for (index, encoder) in encoders.enumerated() { tableIndex[encoder.table.name] = index }
    self.tableIndex = tableIndex
  }

  /// Converts `record` into `batch`'s rows, or into a reject, or counts it as skipped; `hints` remembers field
  /// positions between records of one input (see ``RowEncoder/cells(of:hints:)``), and `lineage` the Sysmon
  /// process creations seen so far (see ``ProcessLineage/Memory``).
  func add(
    _ record: InputRecord, file: String, to batch: inout Batch, hints: inout [Int],
    lineage: inout ProcessLineage.Memory?
  ) {
    batch.read += 1
    let fields: [InputField]
    switch record.fields {
    case .failure(let reason):
      refuse(record, file: file, reason: reason, table: nil, batch: &batch)
      return
    case .success(let parsed):
      fields = parsed
    }
    guard let mapper else {
      do {
        let cells = try encoders[0].cells(of: fields, source: record.source, hints: &hints)
        batch.append(file: file, record: record, rows: [(0, cells)])
      } catch {
        refuse(record, file: file, reason: error, table: 0, batch: &batch)
      }
      return
    }
    var mapped: [MappedRow]
    do {
      guard let rows = try mapper.rows(for: fields) else {
        batch.skipped += 1
        let eventID = fields.first { $0.name == "EventID" }.map { field -> String in
          switch field.value {
          case .number(let text), .text(let text): return text
          default: return ""
          }
        }
        batch.skippedPerEventID[eventID ?? "", default: 0] += 1
        return
      }
      mapped = rows
      lineage?.fill(&mapped)
    } catch {
      refuse(record, file: file, reason: error, table: nil, batch: &batch)
      return
    }
    var rows: [(Int, [RowEncoder.Cell])] = []
    for row in mapped {
      guard let index = tableIndex[row.table] else { continue }
      do {
        rows.append((index, try encoders[index].cells(of: row.fields)))
      } catch {
        refuse(record, file: file, reason: error, table: index, batch: &batch)
        return
      }
    }
    batch.append(file: file, record: record, rows: rows)
  }

  /// Converts a CSV record read under a plain header (see ``CSVCopyEncoder``) into `batch`'s COPY text, or into a
  /// reject: the same outcome ``add(_:file:to:hints:)`` gives for the record as an ``InputRecord``.
  func add(
    _ record: CSVReader.RawRecord, fields: CSVFields, headerCount: Int, copier: CSVCopyEncoder, file: String,
    to batch: inout Batch
  ) {
    batch.read += 1
    let reason: IngestReject.Reason
    if let failure = record.failure {
      reason = failure
    } else if fields.count != headerCount {
      reason = CSVReader.fieldCountMismatch(fields.count, headerCount)
    } else {
      do {
        try batch.appendText(file: file, line: record.line, source: record.source, fields: fields, copier: copier)
        return
      } catch {
        reason = error
      }
    }
    refuse(line: record.line, source: record.source, file: file, reason: reason, table: 0, batch: &batch)
  }

  private func refuse(_ record: InputRecord, file: String, reason: IngestReject.Reason, table: Int?, batch: inout Batch)
  {
    refuse(line: record.line, source: record.source, file: file, reason: reason, table: table, batch: &batch)
  }

  private func refuse(
    line: Int, source: [UInt8], file: String, reason: IngestReject.Reason, table: Int?, batch: inout Batch
  ) {
    batch.rejects.append(IngestReject(file: file, line: line, reason: reason, source: source))
    let name = table.map { encoders[$0].table.name } ?? (mapper == nil ? encoders[0].table.name : "sysmon")
    batch.rejectedPerTable[name, default: 0] += 1
  }
}
