import SpoorPlan

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Drops the bind parameters a statement's text no longer names, numbering the rest `$1`, `$2`, … in order.
///
/// A value is bound when its expression is emitted, and a later operator may drop the column that holds it (an XQL
/// `iploc` whose `loc_latlon` a `fields` leaves out). PostgreSQL cannot type a parameter its text never names
/// ("could not determine data type of parameter"), so such statements would fail to run. Text inside `'…'` and
/// `"…"` is skipped: identifiers are always double-quoted, and no literal the emitter writes holds a `$n`.
enum UnreferencedParameters {
  /// `text` and `parameters` with every parameter the text names, and only those.
  static func dropped(from text: String, _ parameters: [Value]) -> (text: String, parameters: [Value]) {
    guard !parameters.isEmpty, !namesEvery(parameters.count, text) else { return (text, parameters) }
    var referenced = [Bool](repeating: false, count: parameters.count + 1)
    forEachReference(in: text) { number, _ in
      if number < referenced.count { referenced[number] = true }
    }
    if referenced.dropFirst().allSatisfy({ $0 }) { return (text, parameters) }
    // Old number → new number, in the old order.
    var renumbered = [Int](repeating: 0, count: parameters.count + 1)
    var kept: [Value] = []
    for number in 1...parameters.count where referenced[number] {
      kept.append(parameters[number - 1])
      renumbered[number] = kept.count
    }
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    let bytes = Array(text.utf8)
    var copiedOffset = 0
    forEachReference(in: text) { number, range in
      output.append(contentsOf: bytes[copiedOffset..<range.lowerBound])
      output.append(contentsOf: Array("$\(number < renumbered.count ? renumbered[number] : number)".utf8))
      copiedOffset = range.upperBound
    }
    output.append(contentsOf: bytes[copiedOffset...])
    return (String(decoding: output, as: UTF8.self), kept)
  }

  /// True when every parameter `$1`…`$count` is written as the emitter writes a reference: `$n::type`.
  ///
  /// The fast path, for the statements that name all their parameters (nearly all): `memchr` finds the rare `$`
  /// in text that is mostly a table's quoted column list, where the exact walk below would read every byte.
  /// Quotes are not tracked; a quoted name would have to hold `$n::` itself to pass for a reference.
  static func namesEvery(_ count: Int, _ text: String) -> Bool {
    var text = text
    return text.withUTF8 { buffer -> Bool in
      guard let base = buffer.baseAddress else { return false }
      var named = [Bool](repeating: false, count: count + 1)
      var unnamed = count
      var offset = 0
      while offset < buffer.count, let found = memchr(base + offset, Int32(UInt8(ascii: "$")), buffer.count - offset) {
        var cursor = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        var number = 0
        while cursor < buffer.count, buffer[cursor] >= UInt8(ascii: "0"), buffer[cursor] <= UInt8(ascii: "9"),
          number <= count
        {
          number = number * 10 + Int(buffer[cursor] - UInt8(ascii: "0"))
          cursor += 1
        }
        if cursor + 1 < buffer.count, buffer[cursor] == UInt8(ascii: ":"), buffer[cursor + 1] == UInt8(ascii: ":"),
          number >= 1, number <= count, !named[number]
        {
          named[number] = true
          unnamed -= 1
          if unnamed == 0 { return true }
        }
        offset = cursor
      }
      return false
    }
  }

  /// Calls `body` with each `$n` outside quotes: its number and its byte range.
  static func forEachReference(in text: String, _ body: (Int, Range<Int>) -> Void) {
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
        // A doubled quote inside is part of the text: the scan reopens right after it.
        index += 1
        while index < bytes.count, bytes[index] != byte { index += 1 }
        index += 1
        continue
      }
      if byte == UInt8(ascii: "$") {
        var end = index + 1
        var number = 0
        while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9"),
          number < 1_000_000_000
        {
          number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
          end += 1
        }
        if end > index + 1 {
          body(number, index..<end)
          index = end
          continue
        }
      }
      index += 1
    }
  }
}
