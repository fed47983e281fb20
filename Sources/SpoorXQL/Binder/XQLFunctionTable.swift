import SpoorFormats

/// One function of Palo Alto's XQL function reference, and what Spoor does with it.
///
/// The table is data: the binder reads it for the argument count, "did you mean" and refusals, and
/// `docs/xql-functions.md` is generated from it (a test keeps the two equal).
struct XQLFunction: Sendable {
  /// Where the function may be called.
  enum Kind: String, Sendable {
    /// In an expression (`filter`, `alter`, …).
    case scalar
    /// In `comp` (and, in Cortex, `windowcomp`).
    case aggregate
  }

  /// Whether Spoor translates the function.
  enum Status: Sendable, Equatable {
    /// Translated exactly.
    case translated
    /// Recognised and refused, for the reason given.
    case unsupported(String)
  }

  /// The lowercase name.
  let name: String
  let kind: Kind
  /// How many arguments it takes (`Int.max` for "any number").
  let arity: ClosedRange<Int>
  /// The call as the reference writes it, with argument and result types.
  let signature: String
  let status: Status

  /// The argument count as a diagnostic says it: "2", "1 or 2", "at least 1".
  var arityText: String {
    if arity.upperBound == Int.max { return "at least \(arity.lowerBound)" }
    if arity.lowerBound == arity.upperBound { return "\(arity.lowerBound)" }
    if arity.upperBound == arity.lowerBound + 1 { return "\(arity.lowerBound) or \(arity.upperBound)" }
    return "\(arity.lowerBound) to \(arity.upperBound)"
  }
}

/// The XQL function table and its lookups, built once.
enum XQLFunctions {
  private static let any = Int.max

  private static func scalar(_ name: String, _ arity: ClosedRange<Int>, _ signature: String, _ reason: String? = nil)
    -> XQLFunction
  {
    XQLFunction(
      name: name, kind: .scalar, arity: arity, signature: signature,
      status: reason.map { .unsupported($0) } ?? .translated)
  }

  private static func aggregate(
    _ name: String, _ arity: ClosedRange<Int>, _ signature: String, _ reason: String? = nil
  ) -> XQLFunction {
    XQLFunction(
      name: name, kind: .aggregate, arity: arity, signature: signature,
      status: reason.map { .unsupported($0) } ?? .translated)
  }

  /// Every function of the reference, in alphabetical order within its kind.
  static let all: [XQLFunction] = [
    scalar("add", 2...2, "add(number, number) → number"),
    scalar("array_all", 2...2, "array_all(array, condition on \"@element\") → boolean (null condition: false)"),
    scalar("array_any", 2...2, "array_any(array, condition on \"@element\") → boolean (null condition: false)"),
    scalar("array_length", 1...1, "array_length(array) → integer"),
    scalar("arrayconcat", 1...any, "arrayconcat(array, …) → array"),
    scalar("arraycreate", 1...any, "arraycreate(value, …) → array"),
    scalar("arraydistinct", 1...1, "arraydistinct(array) → array (first appearances, in order)"),
    scalar("arrayfilter", 2...2, "arrayfilter(array, condition on \"@element\") → array"),
    scalar("arrayindex", 2...2, "arrayindex(array, integer) → string"),
    scalar("arrayindexof", 2...2, "arrayindexof(array, condition on \"@element\") → integer (-1 when none)"),
    scalar("arraymap", 2...2, "arraymap(array, expression of \"@element\") → array"),
    scalar("arraymerge", 1...1, "arraymerge(array of JSON arrays) → array"),
    scalar("arrayrange", 3...3, "arrayrange(array, start, end) → array (end exclusive; integer literals)"),
    scalar("arraystring", 2...2, "arraystring(array, delimiter) → string (nulls skipped)"),
    scalar("coalesce", 1...any, "coalesce(value, …) → value"),
    scalar("concat", 1...any, "concat(string, …) → string"),
    scalar("convert_from_base_64", 1...1, "convert_from_base_64(string) → string"),
    scalar("current_time", 0...0, "current_time() → timestamp"),
    scalar("date_floor", 2...3, "date_floor(timestamp, \"y|mo|w|d|h\" [, time zone]) → timestamp"),
    scalar("divide", 2...2, "divide(number, number) → number"),
    scalar(
      "extract_time", 2...2,
      "extract_time(timestamp, YEAR|QUARTER|MONTH|DAY|DAYOFWEEK|DAYOFYEAR|HOUR|MINUTE|SECOND|MILLISECOND|MICROSECOND)"
        + " → integer"),
    scalar(
      "extract_url_host", 1...1, "extract_url_host(string) → string",
      "URL parsing as Cortex does it (public suffix list, lowercasing) is not specified exactly"),
    scalar(
      "extract_url_pub_suffix", 1...1, "extract_url_pub_suffix(string) → string",
      "it needs the public suffix list, which Spoor does not carry"),
    scalar(
      "extract_url_registered_domain", 1...1, "extract_url_registered_domain(string) → string",
      "it needs the public suffix list, which Spoor does not carry"),
    scalar("floor", 1...1, "floor(number) → integer"),
    scalar("format_string", 1...any, "format_string(format, value, …) → string (%s, %d and %%)"),
    scalar("format_timestamp", 2...3, "format_timestamp(format, timestamp [, time zone]) → string"),
    scalar("if", 2...any, "if(condition, value [, condition, value …] [, else]) → value"),
    scalar("incidr", 2...2, "incidr(IPv4 address, \"cidr[, cidr…]\") → boolean"),
    scalar("incidr6", 2...2, "incidr6(IPv6 address, \"cidr[, cidr…]\") → boolean"),
    scalar("incidrlist", 2...2, "incidrlist(\"ip,ip,…\", cidr) → boolean (true when any address is in the range)"),
    scalar("int_to_ip", 1...1, "int_to_ip(integer) → IPv4 string (null outside 0…4294967295)"),
    scalar("ip_to_int", 1...1, "ip_to_int(IPv4 string) → integer (big-endian; null when no IPv4 address)"),
    scalar("is_ipv4", 1...1, "is_ipv4(string) → boolean (null: false)"),
    scalar("is_ipv6", 1...1, "is_ipv6(string) → boolean (null: false)"),
    scalar("is_known_private_ipv4", 1...1, "is_known_private_ipv4(string) → boolean"),
    scalar("is_known_private_ipv6", 1...1, "is_known_private_ipv6(string) → boolean (fc00::/7; null: false)"),
    scalar(
      "json_extract", 2...2,
      "json_extract(JSON string, path) → JSON text (a string; objects and arrays as jsonb prints them)"),
    scalar("json_extract_array", 2...2, "json_extract_array(JSON string, path) → array"),
    scalar("json_extract_scalar", 2...2, "json_extract_scalar(JSON string, path) → string"),
    scalar(
      "json_extract_scalar_array", 2...2,
      "json_extract_scalar_array(JSON string, path) → array of strings (objects and arrays as JSON text)"),
    scalar(
      "json_path_extract", 2...2, "json_path_extract(JSON string, JSONPath) → JSON",
      "Palo Alto's reference does not say how it shapes its result (one value, or an array of the matches)"),
    scalar("len", 1...1, "len(string) → integer"),
    scalar("lowercase", 1...1, "lowercase(string) → string"),
    scalar("ltrim", 1...2, "ltrim(string [, characters]) → string"),
    scalar("md5", 1...1, "md5(string) → string (hex)"),
    scalar("multiply", 2...2, "multiply(number, number) → number"),
    scalar("object_create", 2...any, "object_create(key, value, …) → JSON"),
    scalar("object_merge", 2...any, "object_merge(JSON, JSON, …) → JSON (later wins; null unless all are objects)"),
    scalar(
      "parse_epoch", 2...4,
      "parse_epoch(format, string [, time zone] [, SECONDS|MILLIS|MICROS]) → integer (null when the text does not"
        + " match)"),
    scalar(
      "parse_timestamp", 2...3,
      "parse_timestamp(format, string [, time zone]) → timestamp (null when the text does not match)"),
    scalar("pow", 2...2, "pow(number, number) → float (null where the result is undefined or beyond ±1e304)"),
    scalar(
      "regexcapture", 2...2, "regexcapture(string, pattern) → JSON", "it is for parsing rules, not queries"),
    scalar("regextract", 2...2, "regextract(string, pattern) → array of strings"),
    scalar("replace", 3...3, "replace(string, old, new) → string"),
    scalar("replex", 3...3, "replex(string, pattern, replacement) → string"),
    scalar("round", 1...1, "round(number) → integer"),
    scalar("rtrim", 1...2, "rtrim(string [, characters]) → string"),
    scalar("sha256", 1...1, "sha256(string) → string"),
    scalar("split", 1...2, "split(string [, delimiter]) → array"),
    scalar("string_count", 2...2, "string_count(string, substring) → integer"),
    scalar("subtract", 2...2, "subtract(number, number) → number"),
    scalar(
      "time_frame_end", 0...0, "time_frame_end() → timestamp",
      "the end of the caller's time frame is not known when a query is translated"),
    scalar(
      "timestamp_diff", 3...3, "timestamp_diff(timestamp, timestamp, DAY|HOUR|MINUTE|SECOND|MILLISECOND) → integer"),
    scalar("timestamp_seconds", 1...1, "timestamp_seconds(integer) → timestamp"),
    scalar("to_boolean", 1...1, "to_boolean(string) → boolean"),
    scalar("to_epoch", 1...2, "to_epoch(timestamp [, SECONDS|MILLIS]) → integer"),
    scalar("to_float", 1...1, "to_float(value) → float"),
    scalar("to_integer", 1...1, "to_integer(value) → integer"),
    scalar("to_json_string", 1...1, "to_json_string(string | integer | boolean) → string"),
    scalar("to_number", 1...1, "to_number(value) → float"),
    scalar("to_string", 1...1, "to_string(value) → string"),
    scalar("to_timestamp", 1...2, "to_timestamp(integer [, SECONDS|MILLIS]) → timestamp"),
    scalar("trim", 1...2, "trim(string [, characters]) → string"),
    scalar("uppercase", 1...1, "uppercase(string) → string"),
    scalar("wildcard_match", 2...2, "wildcard_match(string, pattern) → boolean"),
    // BigQuery's HyperLogLog++ behind approx_count counts small cardinalities exactly; the exact count is the
    // value every approximation aims at, so Spoor computes it.
    aggregate("approx_count", 1...1, "approx_count(field) → integer (computed exactly, as count_distinct)"),
    aggregate(
      "approx_quantiles", 1...3, "approx_quantiles(field [, number] [, expand]) → array",
      "approximate quantiles differ from exact ones"),
    aggregate(
      "approx_top", 1...3, "approx_top(field [, number] [, expand]) → array",
      "an approximate top list differs from an exact one; use the top stage"),
    aggregate("avg", 1...1, "avg(number) → float"),
    aggregate("count", 0...1, "count([field]) → integer"),
    aggregate("count_distinct", 1...1, "count_distinct(field) → integer"),
    aggregate("earliest", 1...1, "earliest(field) → value at the earliest _time"),
    aggregate("first", 1...1, "first(field) → value at the earliest _time"),
    aggregate("last", 1...1, "last(field) → value at the latest _time"),
    aggregate("latest", 1...1, "latest(field) → value at the latest _time"),
    aggregate("list", 1...1, "list(field) → array"),
    aggregate("max", 1...1, "max(field) → value"),
    aggregate("median", 1...1, "median(number) → float"),
    aggregate("min", 1...1, "min(field) → value"),
    aggregate("stddev_population", 1...1, "stddev_population(number) → float"),
    aggregate("stddev_sample", 1...1, "stddev_sample(number) → float"),
    aggregate("sum", 1...1, "sum(number) → number"),
    aggregate("values", 1...1, "values(field) → array of distinct values"),
    aggregate("var", 1...1, "var(number) → float"),
  ]

  /// Functions of other query languages (BigQuery, KQL) that hunters write in XQL but Palo Alto's reference does not
  /// have, by lowercase name, with what to write instead: refused with that help, never guessed at.
  static let foreign: [(name: String, instead: String)] = [
    (
      "ago",
      "XQL has no durations in expressions: set config timeframe = 10d, or compare "
        + "timestamp_diff(current_time(), _time, \"DAY\") with a number"
    ),
    ("date_add", "XQL has no timestamp arithmetic: compare timestamp_diff(t1, t2, \"DAY\") with a number"),
    ("date_sub", "XQL has no timestamp arithmetic: compare timestamp_diff(t1, t2, \"DAY\") with a number"),
    ("endswith", "write field = \"*suffix\" (a wildcard), or a regular expression with ~="),
    ("now", "current_time() is XQL's clock"),
    ("startswith", "write field = \"prefix*\" (a wildcard), or a regular expression with ~="),
    (
      "substr",
      "XQL has no substring function: arrayindex(regextract(s, \"^.{2}(.{3})\"), 0) is the 3 characters after the "
        + "first 2"
    ),
    (
      "substring",
      "XQL has no substring function: arrayindex(regextract(s, \"^.{2}(.{3})\"), 0) is the 3 characters after the "
        + "first 2"
    ),
    ("timestamp_add", "XQL has no timestamp arithmetic: compare timestamp_diff(t1, t2, \"DAY\") with a number"),
    (
      "timestamp_sub",
      "XQL has no timestamp arithmetic: set config timeframe = 7d, or compare "
        + "timestamp_diff(current_time(), _time, \"DAY\") with a number"
    ),
  ]
  /// ``foreign`` by name.
  static let foreignByName: [String: String] = Dictionary(uniqueKeysWithValues: foreign.map { ($0.name, $0.instead) })

  /// Scalar functions by lowercase name.
  static let scalars: [String: XQLFunction] = Dictionary(
    uniqueKeysWithValues: all.filter { $0.kind == .scalar }.map { ($0.name, $0) })
  /// Aggregates by lowercase name.
  static let aggregates: [String: XQLFunction] = Dictionary(
    uniqueKeysWithValues: all.filter { $0.kind == .aggregate }.map { ($0.name, $0) })
  /// The translated scalar names, for "did you mean".
  static let translatedScalarNames = all.filter { $0.kind == .scalar && $0.status == .translated }.map(\.name)
  /// The translated aggregate names, for "did you mean".
  static let translatedAggregateNames = all.filter { $0.kind == .aggregate && $0.status == .translated }.map(\.name)

  /// `docs/xql-functions.md`: the status of every function, generated from ``all``.
  static func markdown() -> String {
    var lines = [
      "# XQL functions in Spoor",
      "",
      "Generated from `Sources/SpoorXQL/Binder/XQLFunctionTable.swift` (a test keeps this file equal to it; run the",
      "`XQLFunctionTableTests` with `SPOOR_UPDATE_GOLDENS=1` to rewrite it). Every function of Palo Alto's XQL",
      "function reference is listed: *translated* ones run exactly on PostgreSQL; *unsupported* ones are refused",
      "at their position with the reason below.",
      "",
    ]
    for (kind, title) in [(XQLFunction.Kind.scalar, "Functions"), (.aggregate, "comp aggregates")] {
      lines += ["## \(title)", "", "| function | arguments | status |", "|---|---|---|"]
      for function in all where function.kind == kind {
        let status: String
        switch function.status {
        case .translated: status = "translated"
        case .unsupported(let reason): status = "unsupported: \(reason)"
        }
        lines.append("| `\(function.signature)` | \(function.arityText) | \(status) |")
      }
      lines.append("")
    }
    lines += [
      "## parse_timestamp and parse_epoch formats", "",
      "The format is a string literal of BigQuery's format elements. The text must match all of it: a run of",
      "whitespace in the format reads zero or more whitespace characters, and names are read in any case, as",
      "BigQuery documents; whitespace around the text is allowed too; other text in the format must appear as",
      "written. Fields the format leaves out come from 1970-01-01 00:00:00, as in BigQuery. Where BigQuery's",
      "reference is silent (optional leading zeros, whitespace around the text, fraction digits past the sixth,",
      "`%I` without `%p`), the table below is Spoor's reading. A number of one or two digits takes two when two",
      "digits follow, as strptime reads without going back, so `%H%M` reads `123` as 12:03 and `%m%d` never",
      "reads `1112` as January 12.",
      "Text that does not match, or names a day that does not exist (February 29 outside",
      "leap years, April 31), gives null: BigQuery raises an error there, Cortex does not document what it does,",
      "and a query over logs should not fail on one odd line. Without an offset in the text, the time zone",
      "argument (a fixed offset or an IANA name, as for `format_timestamp`; UTC by default) says where the wall",
      "clock is. parse_epoch's unit is SECONDS (default), MILLIS or MICROS, rounded down; with three arguments a",
      "unit name is the unit, anything else the time zone. Other elements (`%j`, `%Z`, `%c`, `%C`, `%U`, …) are",
      "refused, naming the element.", "",
      "| element | reads |", "|---|---|",
    ]
    lines += StrftimeFormat.readingRules.map { "| `\($0.element)` | \($0.reads) |" }
    lines.append("")
    lines += [
      "## Names from other languages", "",
      "Not in Palo Alto's reference; refused at their position with what to write instead.", "",
      "| name | instead |", "|---|---|",
    ]
    lines += foreign.map { "| `\($0.name)` | \($0.instead) |" }
    lines.append("")
    return lines.joined(separator: "\n")
  }
}
