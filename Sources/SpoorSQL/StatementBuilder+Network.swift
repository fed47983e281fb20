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
    // Without a `:` there are not eight groups nor a `::`: rejected before any splitting.
    guard text.utf8.contains(UInt8(ascii: ":")) else { return false }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { return false }
    if parts.count == 2 {
      guard let prefix = Int(parts[1]), (0...128).contains(prefix), parts[1].allSatisfy(\.isASCII)
      else { return false }
    }
    let characters = Array(parts[0])
    let doubleColons = characters.indices.dropLast().filter {
      characters[$0] == ":" && characters[$0 + 1] == ":"
    }
    guard doubleColons.count <= 1 else { return false }
    let halves =
      doubleColons.first.map { [String(characters[..<$0]), String(characters[($0 + 2)...])] } ?? [
        String(characters)
      ]
    func groups(_ half: String) -> [Substring]? {
      if half.isEmpty { return [] }
      let groups = half.split(separator: ":", omittingEmptySubsequences: false)
      let valid = groups.allSatisfy { group in
        !group.isEmpty && group.count <= 4 && group.allSatisfy { $0.isASCII && $0.isHexDigit }
      }
      return valid ? groups : nil
    }
    guard let head = groups(halves[0]) else { return false }
    if halves.count == 1 { return head.count == 8 }
    guard let tail = groups(halves[1]) else { return false }
    return head.count + tail.count <= 7
  }

  /// True when `text` is an IPv4 address, optionally with a prefix length, in the form `inet` accepts.
  static func isIPv4Range(_ text: String) -> Bool {
    // Without a `.` there are not four octets: rejected before any splitting.
    guard text.utf8.contains(UInt8(ascii: ".")) else { return false }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { return false }
    if parts.count == 2 {
      guard let prefix = Int(parts[1]), (0...32).contains(prefix), parts[1].allSatisfy(\.isASCII)
      else { return false }
    }
    let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4
      && octets.allSatisfy { octet in
        guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }),
          let value = Int(octet), value <= 255
        else { return false }
        return octet.count == 1 || octet.first != "0"
      }
  }

  /// IP address predicates; text that is not a valid address gives null, never an error.
  mutating func networkFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func address(_ index: Int) -> SQLFragment {
      index < arguments.count ? text(of: arguments[index], scope) : .null
    }
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
    case .ipv4IsMatch:
      let first = address(0)
      let second = address(1)
      let prefix =
        arguments.count > 2 ? scalar(arguments[2], scope).cast("integer") : SQLFragment.atom("32")
      let conditions = [
        first.operand(.additive) + " ~ " + Self.ipv4Pattern,
        second.operand(.additive) + " ~ " + Self.ipv4Pattern,
        prefix.operand(.additive) + " BETWEEN 0 AND 32",
      ]
      return guarded(
        conditions,
        "network(set_masklen(" + first.cast("inet").text + ", " + prefix.text
          + ")) = network(set_masklen("
          + second.cast("inet").text + ", " + prefix.text + "))")
    case .inCIDR:
      guard arguments.count == 2, let list = Self.stringLiteral(arguments[1]) else {
        return nonConstant("incidr", "CIDR list", expression)
      }
      let ranges = list.split(separator: ",").map { String($0.filter { $0 != " " }) }
      let hasIPv4 = ranges.contains(where: Self.isIPv4Range)
      let hasIPv6 = ranges.contains(where: Self.isIPv6Range)
      guard ranges.allSatisfy({ Self.isIPv4Range($0) || Self.isIPv6Range($0) }) else {
        return unsupported("incidr", "'\(list)' is not a list of CIDR ranges", expression)
      }
      guard !ranges.isEmpty else { return .atom("false") }
      let ip = address(0)
      var validity: [String] = []
      if hasIPv4 { validity.append(ip.operand(.additive) + " ~ " + Self.ipv4Pattern) }
      if hasIPv6 { validity.append(ip.operand(.additive) + " ~ " + Self.ipv6Pattern) }
      let condition =
        validity.count == 1 ? validity[0] : "(" + validity.joined(separator: " OR ") + ")"
      return guarded(
        [condition],
        ip.cast("inet").text + " <<= ANY (" + bind(.stringList(ranges)).cast("inet[]").text + ")")
    default:
      return unsupported(Self.name(of: function), "not a network function", expression)
    }
  }
}
