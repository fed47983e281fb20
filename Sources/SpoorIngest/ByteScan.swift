/// Byte searches that test eight bytes at a time (SWAR), for the ingest paths that look at every input byte.
///
/// A word test only says whether a word may hold a byte of interest; the exact position is then found byte by
/// byte, so the results are those of a plain loop.
enum ByteScan {
  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highBits: UInt64 = 0x8080_8080_8080_8080

  /// Whether some byte of `word` is zero.
  @inline(__always)
  private static func hasZero(_ word: UInt64) -> Bool {
    (word &- ones) & ~word & highBits != 0
  }

  /// Whether some byte of `word` equals `byte`.
  @inline(__always)
  private static func has(_ byte: UInt8, in word: UInt64) -> Bool {
    hasZero(word ^ (ones &* UInt64(byte)))
  }

  /// Whether some byte of `word` is below `limit` (≤ 128).
  @inline(__always)
  private static func hasBelow(_ limit: UInt8, in word: UInt64) -> Bool {
    (word &- ones &* UInt64(limit)) & ~word & highBits != 0
  }

  @inline(__always)
  private static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
    UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
  }

  /// The first index in `start..<end` holding `byte`, or `end`.
  static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
    var index = start
    while index + 8 <= end {
      if has(byte, in: word(bytes, at: index)) { break }
      index += 8
    }
    while index < end, bytes[index] != byte { index += 1 }
    return index
  }

  /// The first index in `start..<end` holding a byte COPY text must escape (`\`, newline, carriage return, tab),
  /// or `end`.
  static func firstCopySpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
    var index = start
    while true {
      while index + 8 <= end {
        let word = word(bytes, at: index)
        if has(0x5C, in: word) || hasBelow(0x0E, in: word) { break }
        index += 8
      }
      // Up to the end of this word (or of the bytes), byte by byte.
      let stop = min(index + 8, end)
      while index < stop {
        switch bytes[index] {
        case 0x5C, 0x0A, 0x0D, 0x09: return index
        default: index += 1
        }
      }
      if index >= end { return end }
    }
  }

  /// Whether `start..<end` holds a byte ≥ 0x80, and whether it holds a zero byte.
  static func nonASCIIAndNUL(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int)
    -> (nonASCII: Bool, nul: Bool)
  {
    var index = start
    var high: UInt64 = 0
    var zeros: UInt64 = 0
    while index + 8 <= end {
      let word = word(bytes, at: index)
      high |= word
      zeros |= (word &- ones) & ~word
      index += 8
    }
    var nonASCII = high & highBits != 0
    var nul = zeros & highBits != 0
    while index < end {
      let byte = bytes[index]
      if byte >= 0x80 { nonASCII = true }
      if byte == 0 { nul = true }
      index += 1
    }
    return (nonASCII, nul)
  }
}
