import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// A dotted-quad IPv4 address with octets 0–255: text that `inet` input accepts.
  static let ipv4Pattern =
    "'^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$'"
  /// An IPv4 address with an optional `/0`–`/32` prefix.
  static let ipv4RangePattern =
    "'^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}(/(3[0-2]|[12]?[0-9]))?$'"

  /// An IPv6 address in full or `::`-compressed form (no zone, no embedded IPv4): text `inet` input accepts.
  static let ipv6Pattern =
    "'^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}"
    + "|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}"
    + "|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}"
    + "|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))$'"

  /// True when `text` is an IPv6 address in the forms ``ipv6Pattern`` accepts, optionally with a `/0`–`/128` prefix.
  static func isIPv6Range(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in
      // Without a `:` there are not eight groups nor a `::`; any non-ASCII text is rejected too.
      guard utf8.contains(UInt8(ascii: ":")), !utf8.contains(where: { $0 >= 0x80 }),
        let end = addressEnd(utf8, maximumPrefix: 128)
      else { return false }
      let address = UnsafeBufferPointer(rebasing: utf8[..<end])
      var doubleColon: Int?
      for index in address.indices.dropLast()
      where address[index] == UInt8(ascii: ":") && address[index + 1] == UInt8(ascii: ":") {
        guard doubleColon == nil else { return false }
        doubleColon = index
      }
      guard let doubleColon else { return hexGroupCount(address) == 8 }
      guard let head = hexGroupCount(UnsafeBufferPointer(rebasing: address[..<doubleColon])),
        let tail = hexGroupCount(UnsafeBufferPointer(rebasing: address[(doubleColon + 2)...]))
      else { return false }
      return head + tail <= 7
    }
  }

  /// The number of `:`-separated groups of one to four hex digits in `bytes` (0 when empty), or nil when a group
  /// is empty, longer or not hex.
  private static func hexGroupCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    if bytes.isEmpty { return 0 }
    var count = 1
    var length = 0
    for byte in bytes {
      if byte == UInt8(ascii: ":") {
        guard length > 0 else { return nil }
        count += 1
        length = 0
        continue
      }
      let isHex =
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
      guard isHex, length < 4 else { return nil }
      length += 1
    }
    return length > 0 ? count : nil
  }

  /// True when `text` is an IPv4 address, optionally with a prefix length, in the form `inet` accepts.
  static func isIPv4Range(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in
      // Without a `.` there are not four octets; any non-ASCII text is rejected too.
      guard utf8.contains(UInt8(ascii: ".")), !utf8.contains(where: { $0 >= 0x80 }),
        let end = addressEnd(utf8, maximumPrefix: 32)
      else { return false }
      var octets = 0
      var start = 0
      for index in 0...end where index == end || utf8[index] == UInt8(ascii: ".") {
        let octet = UnsafeBufferPointer(rebasing: utf8[start..<index])
        guard (1...3).contains(octet.count), octet.count == 1 || octet[0] != UInt8(ascii: "0"),
          let value = integer(octet), octet[0] != UInt8(ascii: "+"), octet[0] != UInt8(ascii: "-"), value <= 255
        else { return false }
        octets += 1
        start = index + 1
      }
      return octets == 4
    }
  }

  /// How many octets a `has_ipv4_prefix` prefix leaves: 0 for a complete IPv4 address (no prefix length), 1 to 3
  /// for three to one octets each followed by a dot (`192.168.1.`, `192.168.`, `192.`); nil for any other text.
  static func ipv4PrefixMissingOctets(_ prefix: String) -> Int? {
    guard !prefix.contains("/") else { return nil }
    if isIPv4Range(prefix) { return 0 }
    guard prefix.hasSuffix(".") else { return nil }
    let octets = prefix.dropLast().split(separator: ".", omittingEmptySubsequences: false)
    guard (1...3).contains(octets.count) else { return nil }
    // The given octets padded with zeros read as an address exactly when each is a valid octet.
    let padded = (octets.map(String.init) + Array(repeating: "0", count: 4 - octets.count)).joined(separator: ".")
    return isIPv4Range(padded) ? 4 - octets.count : nil
  }

  /// Where the address of `utf8` ends: before its one `/`, whose prefix length must read (as `Int(_:)` reads it)
  /// as 0 to `maximumPrefix`, or at the end; nil otherwise.
  private static func addressEnd(_ utf8: UnsafeBufferPointer<UInt8>, maximumPrefix: Int) -> Int? {
    guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return utf8.count }
    let prefix = UnsafeBufferPointer(rebasing: utf8[(slash + 1)...])
    guard !prefix.contains(UInt8(ascii: "/")), let value = integer(prefix), (0...maximumPrefix).contains(value) else {
      return nil
    }
    return slash
  }

  /// The decimal integer `bytes` spell, with an optional sign, as `Int(_:)` reads it; nil when it is not one or
  /// overflows.
  private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    let negative = bytes.first == UInt8(ascii: "-")
    if negative || bytes.first == UInt8(ascii: "+") { index = 1 }
    guard index < bytes.count else { return nil }
    var value = 0
    while index < bytes.count {
      let byte = bytes[index]
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      let digit = Int(byte - UInt8(ascii: "0"))
      let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
      let (next, carry) =
        negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
      guard !overflow, !carry else { return nil }
      value = next
      index += 1
    }
    return value
  }

  /// IP address predicates; text that is not a valid address gives null (XQL's `incidr`: false), never an error.
  mutating func networkFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func address(_ index: Int) -> SQLFragment { textArgument(arguments, index, scope) }
    func guarded(_ conditions: [String], _ result: String) -> SQLFragment {
      .atom("CASE WHEN " + conditions.joined(separator: " AND ") + " THEN " + result + " END")
    }
    switch function {
    case .ipv4IsPrivate:
      let ip = address(0)
      return guarded(
        [ip.operand(.additive) + " ~ " + Self.ipv4Pattern],
        ip.cast("inet").text + " <<= ANY ('{10.0.0.0/8,172.16.0.0/12,192.168.0.0/16}'::inet[])")
    case .ipv4IsInRange:
      let ip = address(0)
      let ipValid = ip.operand(.additive) + " ~ " + Self.ipv4Pattern
      if arguments.count > 1, let range = Self.stringLiteral(arguments[1]) {
        guard Self.isIPv4Range(range) else { return .atom("NULL::boolean") }
        return guarded(
          [ipValid], ip.cast("inet").text + " <<= " + bind(.string(range), as: "inet").text)
      }
      let range = address(1)
      return guarded(
        [ipValid, range.operand(.additive) + " ~ " + Self.ipv4RangePattern],
        ip.cast("inet").text + " <<= " + range.cast("inet").text)
    case .inCIDR:
      guard arguments.count == 2, let list = Self.stringLiteral(arguments[1]) else {
        return nonConstant("incidr", "CIDR list", expression)
      }
      let ranges = list.split(separator: ",").map { String($0.filter { $0 != " " }) }
      // Each range's family, read once (the two forms exclude each other); 0 for neither.
      let families = ranges.map { Self.isIPv4Range($0) ? 4 : Self.isIPv6Range($0) ? 6 : 0 }
      let hasIPv4 = families.contains(4)
      let hasIPv6 = families.contains(6)
      guard !families.contains(0) else {
        return refuse(expression) { SQLDiagnostics.notCIDRList(list, at: $0) }
      }
      guard !ranges.isEmpty else { return .atom("false") }
      let ip = address(0)
      var validity: [String] = []
      if hasIPv4 { validity.append(ip.operand(.additive) + " ~ " + Self.ipv4Pattern) }
      if hasIPv6 { validity.append(ip.operand(.additive) + " ~ " + Self.ipv6Pattern) }
      let condition =
        validity.count == 1 ? validity[0] : "(" + validity.joined(separator: " OR ") + ")"
      // XQL's incidr/incidr6 answer true or false: an address of the other family, text that is no address, or
      // null is not in the range (unlike KQL's ipv4_is_in_range, whose null on bad input is documented).
      return .atom(
        "CASE WHEN " + condition + " THEN " + ip.cast("inet").text + " <<= ANY ("
          + bind(.stringList(ranges)).cast("inet[]").text + ") ELSE false END")
    case .hasIPv4:
      guard let addresses = Self.stringLiterals(arguments.dropFirst()) else {
        return nonConstant("has_ipv4", "IPv4 address", expression)
      }
      // An address that is not valid IPv4 is never found.
      let valid = addresses.filter { Self.isIPv4Range($0) && !$0.contains("/") }
      guard !valid.isEmpty else { return .atom("false") }
      let alternatives = valid.map { "(?:" + RegexTranslator.escapedLiteral($0) + ")" }.joined(separator: "|")
      let pattern = "(^|[^[:alnum:]])(" + alternatives + ")([^[:alnum:]]|$)"
      return .binary(text(of: arguments[0], scope), "~", bind(.string(pattern)), .comparison)
    case .hasIPv4Prefix:
      guard let prefixes = Self.stringLiterals(arguments.dropFirst()) else {
        return nonConstant("has_ipv4_prefix", "IPv4 address prefix", expression)
      }
      // A prefix that is neither a complete address nor one to three octets ending in a dot is never found; the
      // address it starts must be complete and valid, so each octet it leaves is matched as 0 to 255.
      let octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
      let alternatives = prefixes.compactMap { prefix -> String? in
        guard let missing = Self.ipv4PrefixMissingOctets(prefix) else { return nil }
        let rest = missing == 0 ? "" : octet + String(repeating: "\\." + octet, count: missing - 1)
        return "(?:" + RegexTranslator.escapedLiteral(prefix) + rest + ")"
      }
      guard !alternatives.isEmpty else { return .atom("false") }
      let pattern = "(^|[^[:alnum:]])(" + alternatives.joined(separator: "|") + ")([^[:alnum:]]|$)"
      return .binary(text(of: arguments[0], scope), "~", bind(.string(pattern)), .comparison)
    case .parseIPv4:
      let ip = address(0)
      return guarded(
        [ip.operand(.additive) + " ~ " + Self.ipv4RangePattern],
        "network(" + ip.cast("inet").text + ") - '0.0.0.0'::inet")
    case .parseIPv4Mask:
      // migrations/0335, over migration 0141's reading of an address.
      return Self.function("spoor.kql_parse_ipv4_mask", [address(0), long(arguments, 1, scope)])
    case .ipv4NetmaskSuffix:
      // migrations/0141: the address's leading bits as '0'/'1' text, as many as its prefix (32 without one).
      return Self.function("char_length", [Self.function("spoor.kql_ip_bits", [address(0), .atom("32")])]).cast(
        "bigint")
    case .ipv4IsInAnyRange:
      let ip = address(0)
      let ranges: String
      var guards: [String] = []
      if arguments.count == 2, arguments[1].type == .dynamic {
        let array = scalar(arguments[1], scope)
        guards.append("jsonb_typeof(" + array.text + ") = 'array'")
        ranges = "ARRAY(SELECT jsonb_array_elements_text(" + array.text + "))"
      } else {
        ranges = "ARRAY[" + arguments.indices.dropFirst().map { address($0).text }.joined(separator: ", ") + "]::text[]"
      }
      let alias = nextAlias()
      let valid =
        ip.operand(.additive) + " ~ " + Self.ipv4Pattern + " AND NOT EXISTS (SELECT 1 FROM unnest(" + ranges + ") AS "
        + alias + "(r) WHERE " + alias + ".r IS NULL OR " + alias + ".r !~ " + Self.ipv4RangePattern + ")"
      let inside =
        "EXISTS (SELECT 1 FROM unnest(" + ranges + ") AS " + alias + "(r) WHERE " + ip.cast("inet").text + " <<= "
        + alias + ".r::inet)"
      // Nested CASEs fix the order: the array is read only once it is one, the ranges cast only once all are valid.
      let check = "CASE WHEN " + valid + " THEN " + inside + " END"
      return guards.isEmpty ? .atom(check) : .atom("CASE WHEN " + guards[0] + " THEN " + check + " END")
    case .formatIPv4(let withMask):
      // migrations/0230: one overload reads the address as text, the other as a number in big-endian order.
      let ip = arguments[0].type == .string ? address(0) : long(arguments, 0, scope)
      let prefix = arguments.count > 1 ? long(arguments, 1, scope) : SQLFragment.atom("32")
      return Self.function("spoor.kql_format_ipv4", [ip, prefix, .atom(withMask ? "true" : "false")])
    case .geoInfoFromIP:
      // migrations/0060_geoip.sql: the lookup takes an inet, so text that is no address becomes null first.
      let ip = address(0)
      let valid =
        "(" + ip.operand(.additive) + " ~ " + Self.ipv4Pattern + " OR " + ip.operand(.additive) + " ~ "
        + Self.ipv6Pattern + ")"
      return Self.function("spoor.geo_info_from_ip_address", [guarded([valid], ip.cast("inet").text)])
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .network, at: $0) }
    }
  }
}
