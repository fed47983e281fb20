/// The fields of one CSV record as validated UTF-8 bytes (quotes removed), kept in one reused buffer.
package struct CSVFields {
  /// Every field's bytes, one after the other, then scratch (the buffer is reused and never shrinks).
  var bytes: [UInt8] = []
  /// Where each field ends in ``bytes``.
  var ends: [Int] = []

  /// An empty record, for ``CSVRecordParser/parse(_:separator:into:)`` to fill.
  package init() {}

  /// The number of field bytes in ``bytes``.
  var byteCount: Int { ends.last ?? 0 }

  /// The number of fields.
  package var count: Int { ends.count }

  /// The field positions.
  package var indices: Range<Int> { ends.indices }

  /// The range of field `index` in ``bytes``.
  func range(of index: Int) -> Range<Int> {
    (index == 0 ? 0 : ends[index - 1])..<ends[index]
  }

  /// Field `index` as a string.
  package func text(at index: Int) -> String {
    bytes.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[range(of: index)]), as: UTF8.self)
    }
  }
}
