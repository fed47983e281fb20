import SpoorFormats
import SpoorPlan

/// Parses one NDJSON line: a JSON object whose members become ``InputField``s.
///
/// Nested objects and arrays are validated and kept as their source text (``FieldValue/json(_:)``); strings are
/// unescaped and must be valid UTF-8 without NUL characters (PostgreSQL text cannot hold them). Objects and arrays
/// nest at most ``maximumDepth`` levels (the line's own object counts as one): a deeper line is refused with that
/// reason instead of exhausting the stack.
package enum JSONLineParser {
  /// The deepest nesting of objects and arrays a line may have, the line's own object included.
  ///
  /// Real telemetry nests a few levels; 1,000 is far beyond it, and far below what the validator's recursion (one
  /// small frame per level, on the reader thread's 4 MiB stack) or PostgreSQL's `jsonb` input can take.
  static let maximumDepth = 1_000

  /// Parses `line`.
  /// - Throws: an ``IngestReject/Reason`` naming the byte column and what was expected.
  package static func parse(_ line: ArraySlice<UInt8>) throws(IngestReject.Reason) -> [InputField] {
    let bytes = Array(line)
    return try bytes.withUnsafeBufferPointer { (buffer) throws(IngestReject.Reason) -> [InputField] in
      var cursor = Cursor(bytes: buffer)
      return try cursor.parseObjectMembers()
    }
  }

  /// True when `text` is exactly one JSON object or array (surrounding whitespace allowed).
  static func isValidDocument(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
      var cursor = Cursor(bytes: buffer)
      cursor.skipWhitespace()
      guard cursor.index < buffer.count,
        buffer[cursor.index] == UInt8(ascii: "{") || buffer[cursor.index] == UInt8(ascii: "[")
      else { return false }
      do {
        try cursor.skipNested(depth: 1)
      } catch {
        return false
      }
      cursor.skipWhitespace()
      return cursor.index == buffer.count
    }
  }

  /// The compact form of one valid JSON object or array, or nil when `text` is not one.
  ///
  /// No whitespace between tokens, strings re-escaped (see ``Cursor/skipNested(depth:writing:)``): what Kusto's
  /// `tostring()` gives for the same dynamic value, so the text does not depend on how the input spaced it.
  static func compact(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer -> String? in
      var cursor = Cursor(bytes: buffer)
      cursor.skipWhitespace()
      guard cursor.index < buffer.count,
        buffer[cursor.index] == UInt8(ascii: "{") || buffer[cursor.index] == UInt8(ascii: "[")
      else { return nil }
      var output = CompactJSON()
      do {
        try cursor.skipNested(depth: 1, writing: &output)
      } catch {
        return nil
      }
      cursor.skipWhitespace()
      return cursor.index == buffer.count ? String(decoding: output.bytes, as: UTF8.self) : nil
    }
  }

  private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
      self.bytes = bytes
    }

    func failure(_ expected: String) -> IngestReject.Reason {
      if index >= bytes.count {
        return IngestReject.Reason(message: "malformed JSON: unexpected end of line, expected \(expected)")
      }
      return IngestReject.Reason(message: "malformed JSON at column \(index + 1): expected \(expected)")
    }

    mutating func skipWhitespace() {
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09, 0x0D, 0x0A: index += 1
        default: return
        }
      }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(IngestReject.Reason) {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == byte else { throw failure(what) }
      index += 1
    }

    mutating func parseObjectMembers() throws(IngestReject.Reason) -> [InputField] {
      try expect(UInt8(ascii: "{"), "'{' (each line must be one JSON object)")
      var fields: [InputField] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
      } else {
        while true {
          skipWhitespace()
          guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("a field name") }
          let name = try parseString()
          try expect(UInt8(ascii: ":"), "':'")
          let value = try parseValue(field: name)
          fields.append(InputField(name: name, value: value))
          skipWhitespace()
          guard index < bytes.count else { throw failure("',' or '}'") }
          if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
          if bytes[index] == UInt8(ascii: "}") { index += 1; break }
          throw failure("',' or '}'")
        }
      }
      skipWhitespace()
      guard index == bytes.count else { throw failure("the end of the line after the object") }
      return fields
    }

    mutating func parseValue(field: String) throws(IngestReject.Reason) -> FieldValue {
      skipWhitespace()
      guard index < bytes.count else { throw failure("a value") }
      switch bytes[index] {
      case UInt8(ascii: "\""):
        do { return .text(try parseString()) } catch { throw IngestReject.Reason(field: field, message: error.message) }
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        let start = index
        try skipNested(depth: 2)
        return .json(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
      case UInt8(ascii: "t"):
        try literal("true")
        return .bool(true)
      case UInt8(ascii: "f"):
        try literal("false")
        return .bool(false)
      case UInt8(ascii: "n"):
        try literal("null")
        return .null
      default:
        let start = index
        try skipNumber()
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
      }
    }

    mutating func literal(_ word: String) throws(IngestReject.Reason) {
      let expected = Array(word.utf8)
      guard index + expected.count <= bytes.count else { throw failure("a value") }
      for offset in 0..<expected.count where bytes[index + offset] != expected[offset] {
        throw failure("a value")
      }
      index += expected.count
    }

    mutating func skipNumber() throws(IngestReject.Reason) {
      let start = index
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard index < bytes.count, isDigit(bytes[index]) else { index = start; throw failure("a value") }
      if bytes[index] == UInt8(ascii: "0") {
        index += 1
      } else {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a digit") }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a digit") }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Skips a nested object or array at nesting level `depth` (1 is the outermost), validating it (strings
    /// included) and refusing one that nests deeper than ``JSONLineParser/maximumDepth``.
    mutating func skipNested(depth: Int) throws(IngestReject.Reason) {
      var discard = DiscardedJSON()
      try skipNested(depth: depth, writing: &discard)
    }

    /// ``skipNested(depth:)`` also writing the value in compact form to `output`: no whitespace between tokens,
    /// strings re-escaped by ``JSONText/quote(_:)``, numbers and literals as written.
    mutating func skipNested<Output: CompactJSONOutput>(depth: Int, writing output: inout Output)
      throws(IngestReject.Reason)
    {
      guard depth <= JSONLineParser.maximumDepth else {
        throw IngestReject.Reason(
          message: "JSON nested more than \(JSONLineParser.maximumDepth) levels deep at column \(index + 1)")
      }
      let open = bytes[index]
      output.append(byte: open)
      index += 1
      let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
      skipWhitespace()
      if index < bytes.count, bytes[index] == close {
        index += 1
        output.append(byte: close)
        return
      }
      while true {
        skipWhitespace()
        if open == UInt8(ascii: "{") {
          guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("a member name") }
          output.append(string: try parseString())
          try expect(UInt8(ascii: ":"), "':'")
          output.append(byte: UInt8(ascii: ":"))
          skipWhitespace()
        }
        guard index < bytes.count else { throw failure("a value") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "\""): output.append(string: try parseString())
        case UInt8(ascii: "{"), UInt8(ascii: "["): try skipNested(depth: depth + 1, writing: &output)
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try skipNumber()
        }
        if bytes[start] != UInt8(ascii: "\""), bytes[start] != UInt8(ascii: "{"), bytes[start] != UInt8(ascii: "[") {
          output.append(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
        skipWhitespace()
        guard index < bytes.count else { throw failure("',' or '\(Character(Unicode.Scalar(close)))'") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          output.append(byte: UInt8(ascii: ","))
          continue
        }
        if bytes[index] == close {
          index += 1
          output.append(byte: close)
          return
        }
        throw failure("',' or '\(Character(Unicode.Scalar(close)))'")
      }
    }

    /// Parses a string starting at its opening quote and returns it unescaped.
    mutating func parseString() throws(IngestReject.Reason) -> String {
      index += 1
      let start = index
      // Fast path: no escapes.
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
          index += 1
          return try validated(slice)
        }
        if byte == UInt8(ascii: "\\") { break }
        if byte < 0x20 { throw failure("no control character inside a string (escape it)") }
        index += 1
      }
      var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          index += 1
          return try decoded.withUnsafeBufferPointer { (buffer) throws(IngestReject.Reason) -> String in
            try validated(buffer)
          }
        }
        if byte < 0x20 { throw failure("no control character inside a string (escape it)") }
        if byte != UInt8(ascii: "\\") {
          decoded.append(byte)
          index += 1
          continue
        }
        index += 1
        guard index < bytes.count else { throw failure("an escape character") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if scalar >= 0xD800 && scalar < 0xDC00 {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw failure("a low surrogate after a high surrogate") }
            index += 2
            let low = try hex4()
            guard low >= 0xDC00 && low < 0xE000 else { throw failure("a low surrogate after a high surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if scalar >= 0xDC00 && scalar < 0xE000 {
            throw failure("no lone low surrogate")
          }
          guard scalar != 0 else {
            throw IngestReject.Reason(message: "NUL character (\\u0000) cannot be stored in PostgreSQL text")
          }
          decoded.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
          index -= 1
          throw failure("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
      }
      throw failure("a closing '\"'")
    }

    mutating func hex4() throws(IngestReject.Reason) -> UInt32 {
      guard index + 4 <= bytes.count else { throw failure("four hex digits") }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[index]
        let digit: UInt32
        switch byte {
        case 0x30...0x39: digit = UInt32(byte - 0x30)
        case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
        case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
        default: throw failure("four hex digits")
        }
        value = value << 4 | digit
        index += 1
      }
      return value
    }

    func validated(_ bytes: UnsafeBufferPointer<UInt8>) throws(IngestReject.Reason) -> String {
      guard let string = String(validating: bytes, as: UTF8.self) else {
        throw IngestReject.Reason(message: "invalid UTF-8")
      }
      return string
    }
  }
}

/// Where ``JSONLineParser`` writes the compact form of a nested value while validating it.
protocol CompactJSONOutput {
  mutating func append(byte: UInt8)
  mutating func append(bytes: UnsafeBufferPointer<UInt8>)
  mutating func append(string: String)
}

/// Writes nothing: plain validation.
struct DiscardedJSON: CompactJSONOutput {
  @inline(__always) mutating func append(byte: UInt8) {}
  @inline(__always) mutating func append(bytes: UnsafeBufferPointer<UInt8>) {}
  @inline(__always) mutating func append(string: String) {}
}

/// Collects the compact form.
struct CompactJSON: CompactJSONOutput {
  var bytes: [UInt8] = []
  mutating func append(byte: UInt8) { bytes.append(byte) }
  mutating func append(bytes more: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: more) }
  mutating func append(string: String) { bytes.append(contentsOf: JSONText.quote(string).utf8) }
}
