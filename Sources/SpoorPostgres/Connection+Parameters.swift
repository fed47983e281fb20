import CLibPQ

extension Connection {
  /// Calls `body` with the C arrays `PQexecParams` and `PQsendQueryParams` take for `parameters`.
  ///
  /// Every value is encoded in binary format into a buffer that lives exactly as long as the call; lengths are byte
  /// counts. NULL is a null pointer with OID 0.
  func withParameterBuffers<Result>(
    _ parameters: [PostgresValue],
    _ body: (
      _ count: Int32, _ types: UnsafePointer<Oid>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?,
      _ lengths: UnsafePointer<Int32>?, _ formats: UnsafePointer<Int32>?
    ) throws -> Result
  ) throws -> Result {
    guard let count = Int32(exactly: parameters.count), count <= 65_535 else {
      throw PostgresError(
        kind: .invalidParameter, message: "\(parameters.count) parameters; PostgreSQL allows at most 65535")
    }
    let encoded = try parameters.map { try $0.binaryEncoding() }
    if let oversized = encoded.firstIndex(where: { ($0?.count ?? 0) > Int(Int32.max) }) {
      throw PostgresError(kind: .invalidParameter, message: "parameter $\(oversized + 1) is larger than 2 GiB")
    }
    var buffers: [UnsafeMutablePointer<CChar>?] = []
    buffers.reserveCapacity(encoded.count)
    defer {
      for buffer in buffers { buffer?.deallocate() }
    }
    for bytes in encoded {
      guard let bytes else {
        buffers.append(nil)
        continue
      }
      let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
      bytes.withUnsafeBytes { source in
        if let base = source.baseAddress {
          UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: source.count)
        }
      }
      buffers.append(buffer)
    }
    let types = parameters.map { Oid($0.typeOID) }
    let values: [UnsafePointer<CChar>?] = buffers.map { $0.map { UnsafePointer($0) } }
    let lengths = encoded.map { Int32($0?.count ?? 0) }
    let formats = [Int32](repeating: 1, count: parameters.count)
    return try types.withUnsafeBufferPointer { types in
      try values.withUnsafeBufferPointer { values in
        try lengths.withUnsafeBufferPointer { lengths in
          try formats.withUnsafeBufferPointer { formats in
            try body(count, types.baseAddress, values.baseAddress, lengths.baseAddress, formats.baseAddress)
          }
        }
      }
    }
  }
}

/// Calls `body` with a NULL-terminated array of C strings copied from `strings`, freed when `body` returns.
func withCStringArray<Result>(
  _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> Result
) rethrows -> Result {
  var copies: [UnsafeMutablePointer<CChar>] = []
  copies.reserveCapacity(strings.count)
  defer {
    for copy in copies { copy.deallocate() }
  }
  for string in strings {
    let utf8 = string.utf8CString
    let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
    utf8.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: $0.count) }
    copies.append(copy)
  }
  let array: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
  return try array.withUnsafeBufferPointer { try body($0.baseAddress!) }
}
