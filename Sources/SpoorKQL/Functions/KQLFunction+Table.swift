// The table of Kusto's scalar functions: every name in Kusto's "Scalar function types at a glance" list, plus
// the deprecated and alternative spellings hunts still use. Translated entries carry the documented signature;
// refused entries carry the reason, which the binder reports at the call. docs/kql-functions.md is rendered from
// this table and a test keeps the two equal.

extension KQLFunction {
  /// Every function Spoor knows, in Kusto's order.
  public static let all: [KQLFunction] =
    binaryFunctions + conversionFunctions + datetimeFunctions + dynamicFunctions + windowFunctions
    + flowControlFunctions + mathFunctions + metadataFunctions + roundingFunctions + conditionalFunctions
    + seriesFunctions + stringFunctions + ipFunctions + ipTextFunctions + typeFunctions + scalarAggregationFunctions
    + geospatialFunctions + hashFunctions + unitFunctions

  /// A translated function.
  private static func translated(
    _ name: String, _ category: Category, _ parameters: String, _ result: String, _ arity: ClosedRange<Int>?,
    aliasOf: String? = nil
  ) -> KQLFunction {
    KQLFunction(
      name: name, category: category, parameters: parameters, result: result, arity: arity, status: .translated,
      aliasOf: aliasOf)
  }

  /// A refused function and the reason.
  private static func refused(_ name: String, _ category: Category, _ reason: String, aliasOf: String? = nil)
    -> KQLFunction
  {
    KQLFunction(
      name: name, category: category, parameters: "", result: "", arity: nil, status: .unsupported(reason),
      aliasOf: aliasOf)
  }

  /// Refused functions of one category that share a reason.
  private static func refusedAll(_ names: [String], _ category: Category, _ reason: String) -> [KQLFunction] {
    names.map { refused($0, category, reason) }
  }

  private static let notYet = "not translated yet"
  private static let series =
    "not translated yet (make-series, series_stats and series_stats_dynamic are; mv-expand turns a series into rows)"
  private static let seriesModel =
    "its default seasonality (-1) is found by series_periods_detect, whose period scoring Kusto does not specify, and the anomaly score is series_outliers' on the residual, which is not specified either; the numbers cannot be reproduced exactly"
  private static let seriesPeriods =
    "Kusto documents the periods' scores only as a heuristic (a normalised spectral and autocorrelation measure) without its formula"
  private static let seriesOutliers =
    "Kusto documents Tukey's fences on percentiles (10/90 by default, 25/75 for 'tukey') but neither how it interpolates those percentiles nor the formula of the score it returns"
  private static let geospatial =
    "geospatial calculations need S2, H3, geohash and spherical geometry, which PostgreSQL lacks"
  private static let cluster = "Spoor runs on PostgreSQL, not on a Kusto cluster: there is no such value"
  private static let digest =
    "Kusto's t-digest and HyperLogLog encodings are its own; Spoor's aggregates do not produce them"
  private static let arraySort =
    "Kusto orders the elements of a mixed array by kind (numbers, datetimes and timespans, then strings, then guids, "
    + "then the rest, in an order it does not define), and Spoor's dynamic values keep datetimes and timespans as text"
  private static let ipv6Canonical =
    "Kusto's documentation contradicts itself on IPv4 input (parse_ipv6_mask(\"127.0.0.1\", 24) keeps 120 bits in "
    + "its summary, a 120 prefix keeps 120 in its table) and reads '::a.b.c.d' as the IPv4-mapped ::ffff:a.b.c.d "
    + "without saying how other embedded-IPv4 forms read"
  private static let ipv6Range =
    "Kusto documents it for IPv6 addresses only and does not say whether an IPv4 address (which ipv6_compare "
    + "and ipv6_is_match read as IPv4-mapped) is in a range or a failed conversion (null), nor how an address "
    + "with its own IP-prefix is read; address columns hold both families, so the case is common"
  private static let xxhash =
    "Kusto hashes with xxHash64 over its own encoding of each value; PostgreSQL has no xxHash64"

  static let binaryFunctions: [KQLFunction] = [
    translated("binary_and", .binary, "(value1: long, value2: long)", "long", 2...2),
    translated("binary_not", .binary, "(value: long)", "long", 1...1),
    translated("binary_or", .binary, "(value1: long, value2: long)", "long", 2...2),
    translated("binary_shift_left", .binary, "(value: long, shift: int)", "long", 2...2),
    translated("binary_shift_right", .binary, "(value: long, shift: int)", "long", 2...2),
    translated("binary_xor", .binary, "(value1: long, value2: long)", "long", 2...2),
    translated("bitset_count_ones", .binary, "(value: long)", "long", 1...1),
  ]

  static let conversionFunctions: [KQLFunction] = [
    translated("tobool", .conversion, "(value)", "bool", 1...1),
    translated("toboolean", .conversion, "(value)", "bool", 1...1, aliasOf: "tobool"),
    translated("todatetime", .conversion, "(value)", "datetime", 1...1),
    translated("todecimal", .conversion, "(value)", "real", 1...1),
    translated("todouble", .conversion, "(value)", "real", 1...1),
    translated("toreal", .conversion, "(value)", "real", 1...1, aliasOf: "todouble"),
    refused("toguid", .conversion, "Spoor has no guid values to convert to"),
    translated("toint", .conversion, "(value)", "int", 1...1),
    translated("tolong", .conversion, "(value)", "long", 1...1),
    translated("tostring", .conversion, "(value)", "string", 1...1),
    translated("totimespan", .conversion, "(value)", "timespan", 1...1),
    translated("tohex", .conversion, "(value: long [, minLength: int])", "string", 1...2),
  ]

  static let datetimeFunctions: [KQLFunction] = [
    translated("ago", .datetime, "(timespan: timespan)", "datetime", 1...1),
    translated("datetime_add", .datetime, "(period: string, amount: int, datetime: datetime)", "datetime", 3...3),
    translated("datetime_diff", .datetime, "(period: string, datetime1: datetime, datetime2: datetime)", "long", 3...3),
    translated("datetime_local_to_utc", .datetime, "(from: datetime, timezone: string)", "datetime", 2...2),
    translated("datetime_part", .datetime, "(part: string, datetime: datetime)", "int", 2...2),
    translated("datetime_utc_to_local", .datetime, "(from: datetime, timezone: string)", "datetime", 2...2),
    translated("dayofmonth", .datetime, "(date: datetime)", "int", 1...1),
    translated("dayofweek", .datetime, "(date: datetime)", "timespan", 1...1),
    translated("dayofyear", .datetime, "(date: datetime)", "int", 1...1),
    translated("endofday", .datetime, "(date: datetime [, offset: long])", "datetime", 1...2),
    translated("endofmonth", .datetime, "(date: datetime [, offset: long])", "datetime", 1...2),
    translated("endofweek", .datetime, "(date: datetime [, offset: long])", "datetime", 1...2),
    translated("endofyear", .datetime, "(date: datetime [, offset: long])", "datetime", 1...2),
    translated("format_datetime", .datetime, "(date: datetime, format: string)", "string", 2...2),
    translated("format_timespan", .datetime, "(timespan: timespan, format: string)", "string", 2...2),
    translated("getmonth", .datetime, "(date: datetime)", "int", 1...1),
    translated("getyear", .datetime, "(date: datetime)", "int", 1...1),
    translated("hourofday", .datetime, "(date: datetime)", "int", 1...1),
    translated(
      "make_datetime", .datetime, "(year: int, month: int, day: int [, hour: int, minute: int [, second: real]])",
      "datetime", 3...6),
    translated(
      "make_timespan", .datetime, "(hour: int, minute: int [, second: real]) | (day, hour, minute, second)", "timespan",
      2...4),
    translated("monthofyear", .datetime, "(date: datetime)", "int", 1...1),
    translated("now", .datetime, "([offset: timespan])", "datetime", 0...1),
    translated("startofday", .datetime, "(date: datetime [, offset: long])", "datetime", 1...2),
    translated("startofmonth", .datetime, "(date: datetime [, offset: long])", "datetime", 1...2),
    translated("startofweek", .datetime, "(date: datetime [, offset: long])", "datetime", 1...2),
    translated("startofyear", .datetime, "(date: datetime [, offset: long])", "datetime", 1...2),
    translated("unixtime_microseconds_todatetime", .datetime, "(microseconds: real)", "datetime", 1...1),
    translated("unixtime_milliseconds_todatetime", .datetime, "(milliseconds: real)", "datetime", 1...1),
    translated("unixtime_nanoseconds_todatetime", .datetime, "(nanoseconds: real)", "datetime", 1...1),
    translated("unixtime_seconds_todatetime", .datetime, "(seconds: real)", "datetime", 1...1),
    translated("weekofyear", .datetime, "(date: datetime)", "int", 1...1),
    translated("week_of_year", .datetime, "(date: datetime)", "int", 1...1, aliasOf: "weekofyear"),
  ]

  static let dynamicFunctions: [KQLFunction] = [
    translated("array_concat", .dynamic, "(array1: dynamic, …)", "dynamic", 1...64),
    translated("array_iff", .dynamic, "(condition: dynamic, ifTrue, ifFalse)", "dynamic", 3...3),
    translated("array_iif", .dynamic, "(condition: dynamic, ifTrue, ifFalse)", "dynamic", 3...3, aliasOf: "array_iff"),
    translated(
      "array_index_of", .dynamic, "(array: dynamic, value [, start: int [, length: int [, occurrence: int]]])", "long",
      2...5),
    translated("array_length", .dynamic, "(array: dynamic)", "long", 1...1),
    translated("array_reverse", .dynamic, "(value: dynamic)", "dynamic", 1...1),
    translated("array_rotate_left", .dynamic, "(array: dynamic, rotate_count: int)", "dynamic", 2...2),
    translated("array_rotate_right", .dynamic, "(array: dynamic, rotate_count: int)", "dynamic", 2...2),
    translated("array_shift_left", .dynamic, "(array: dynamic, shift_count: int, fill_value)", "dynamic", 2...3),
    translated(
      "array_shift_right", .dynamic, "(array: dynamic, shift_count: int, fill_value)", "dynamic", 2...3),
    translated("array_slice", .dynamic, "(array: dynamic, start: int, end: int)", "dynamic", 3...3),
    refused("array_sort_asc", .dynamic, arraySort),
    refused("array_sort_desc", .dynamic, arraySort),
    refused(
      "array_split", .dynamic,
      "Kusto documents the pieces only for split indices in ascending order within the array, not for indices out "
        + "of order, repeated or beyond its length"),
    translated("array_sum", .dynamic, "(array: dynamic)", "real", 1...1),
    translated("bag_has_key", .dynamic, "(bag: dynamic, key: string)", "bool", 2...2),
    translated("bag_keys", .dynamic, "(object: dynamic)", "dynamic", 1...1),
    translated("bag_merge", .dynamic, "(bag1: dynamic, bag2: dynamic, …)", "dynamic", 2...64),
    translated("bag_pack", .dynamic, "(key1: string, value1, …)", "dynamic", 0...64),
    translated("bag_pack_columns", .dynamic, "(column1, column2, …)", "dynamic", 1...64),
    translated("bag_remove_keys", .dynamic, "(bag: dynamic, keys: dynamic)", "dynamic", 2...2),
    translated("bag_set_key", .dynamic, "(bag: dynamic, key: string, value)", "dynamic", 3...3),
    translated("jaccard_index", .dynamic, "(set1: dynamic, set2: dynamic)", "real", 2...2),
    translated("pack", .dynamic, "(key1: string, value1, …)", "dynamic", 0...64, aliasOf: "bag_pack"),
    translated("pack_all", .dynamic, "([ignore_null_empty: bool])", "dynamic", 0...1),
    translated("pack_array", .dynamic, "(value1, …)", "dynamic", 1...64),
    translated("pack_dictionary", .dynamic, "(key1: string, value1, …)", "dynamic", 0...64, aliasOf: "bag_pack"),
    translated("repeat", .dynamic, "(value, count: int)", "dynamic", 2...2),
    translated("set_difference", .dynamic, "(set1: dynamic, set2: dynamic, …)", "dynamic", 2...64),
    translated("set_has_element", .dynamic, "(set: dynamic, value)", "bool", 2...2),
    translated("set_intersect", .dynamic, "(set1: dynamic, set2: dynamic, …)", "dynamic", 2...64),
    translated("set_union", .dynamic, "(set1: dynamic, set2: dynamic, …)", "dynamic", 2...64),
    refused("treepath", .dynamic, notYet),
    translated("zip", .dynamic, "(arrays: dynamic, …)", "dynamic", 2...16),
    translated("parse_json", .dynamic, "(json: string)", "dynamic", 1...1),
    translated("todynamic", .dynamic, "(json: string)", "dynamic", 1...1, aliasOf: "parse_json"),
    translated("toobject", .dynamic, "(json: string)", "dynamic", 1...1, aliasOf: "parse_json"),
  ]

  /// Bound by the window binder (in `extend` after `serialize`), which checks their arguments itself.
  static let windowFunctions: [KQLFunction] = [
    translated("next", .window, "(column [, offset: long [, default]])", "column's type", nil),
    translated("prev", .window, "(column [, offset: long [, default]])", "column's type", nil),
    translated("row_cumsum", .window, "(term: int, long or real [, restart: bool])", "long (real for real)", nil),
    translated("row_number", .window, "([start: long [, restart: bool]])", "long", nil),
    translated("row_rank_dense", .window, "(term [, restart: bool])", "long", nil),
    translated("row_rank_min", .window, "(term [, restart: bool])", "long", nil),
  ]

  /// `toscalar` is bound before the table is read: its argument is a tabular expression.
  static let flowControlFunctions: [KQLFunction] = [
    translated("toscalar", .flowControl, "(expression: tabular)", "first column's type", 1...1)
  ]

  static let mathFunctions: [KQLFunction] = [
    translated("abs", .math, "(x: int, long or real)", "x's type", 1...1),
    translated("acos", .math, "(x: real)", "real", 1...1),
    translated("asin", .math, "(x: real)", "real", 1...1),
    translated("atan", .math, "(x: real)", "real", 1...1),
    translated("atan2", .math, "(y: real, x: real)", "real", 2...2),
    refused("beta_cdf", .math, "PostgreSQL has no beta distribution functions"),
    refused("beta_inv", .math, "PostgreSQL has no beta distribution functions"),
    refused("beta_pdf", .math, "PostgreSQL has no beta distribution functions"),
    translated("cos", .math, "(x: real)", "real", 1...1),
    translated("cot", .math, "(x: real)", "real", 1...1),
    translated("degrees", .math, "(x: real)", "real", 1...1),
    refused("erf", .math, "PostgreSQL 15 has no erf"),
    refused("erfc", .math, "PostgreSQL 15 has no erfc"),
    translated("exp", .math, "(x: real)", "real", 1...1),
    translated("exp10", .math, "(x: real)", "real", 1...1),
    translated("exp2", .math, "(x: real)", "real", 1...1),
    refused("gamma", .math, "PostgreSQL 15 has no gamma function"),
    translated("isfinite", .math, "(x: real)", "bool", 1...1),
    translated("isinf", .math, "(x: real)", "bool", 1...1),
    translated("isnan", .math, "(x: real)", "bool", 1...1),
    translated("log", .math, "(x: real)", "real", 1...1),
    translated("log10", .math, "(x: real)", "real", 1...1),
    translated("log2", .math, "(x: real)", "real", 1...1),
    refused("loggamma", .math, "PostgreSQL 15 has no log-gamma function"),
    translated("not", .math, "(expr: bool)", "bool", 1...1),
    translated("pi", .math, "()", "real", 0...0),
    translated("pow", .math, "(base: real, exponent: real)", "real", 2...2),
    translated("radians", .math, "(x: real)", "real", 1...1),
    refused("rand", .math, notYet),
    translated("range", .math, "(start: long, stop: long [, step: long]), constants", "dynamic", 2...3),
    translated("round", .math, "(number [, precision: int])", "number's type", 1...2),
    translated("sign", .math, "(number)", "number's type", 1...1),
    translated("sin", .math, "(x: real)", "real", 1...1),
    translated("sqrt", .math, "(x: real)", "real", 1...1),
    translated("tan", .math, "(x: real)", "real", 1...1),
    refused("welch_test", .math, "PostgreSQL has no Student's t distribution"),
  ]

  static let metadataFunctions: [KQLFunction] = [
    translated("column_ifexists", .metadata, "(columnName: string, defaultValue)", "column's or default's type", 2...2),
    refused("current_cluster_endpoint", .metadata, cluster),
    refused("current_database", .metadata, cluster),
    refused("current_principal", .metadata, cluster),
    refused("current_principal_details", .metadata, cluster),
    refused("current_principal_is_member_of", .metadata, cluster),
    refused("cursor_after", .metadata, "Kusto's database cursors have no PostgreSQL counterpart"),
    refused("estimate_data_size", .metadata, "Kusto's size estimate follows its own storage encoding"),
    refused("extent_id", .metadata, "Spoor's tables are not stored in Kusto extents"),
    refused("extent_tags", .metadata, "Spoor's tables are not stored in Kusto extents"),
    translated("ingestion_time", .metadata, "()", "datetime", 0...0),
  ]

  static let roundingFunctions: [KQLFunction] = [
    translated("bin", .rounding, "(value, roundTo)", "value's type", 2...2),
    translated("floor", .rounding, "(value, roundTo)", "value's type", 2...2, aliasOf: "bin"),
    translated("bin_at", .rounding, "(value, bin_size, fixed_point)", "value's type", 3...3),
    refused("bin_auto", .rounding, "bin_auto reads the query_bin_auto_size request property, which Spoor has not"),
    translated("ceiling", .rounding, "(number)", "number's type", 1...1),
  ]

  static let conditionalFunctions: [KQLFunction] = [
    translated("around", .conditional, "(value, center, delta)", "bool", 3...3),
    translated("case", .conditional, "(predicate1: bool, then1, …, else)", "common type", 3...255),
    translated("coalesce", .conditional, "(arg1, …)", "common type", 1...64),
    translated("iff", .conditional, "(predicate: bool, then, else)", "common type", 3...3),
    translated("iif", .conditional, "(predicate: bool, then, else)", "common type", 3...3, aliasOf: "iff"),
    translated("max_of", .conditional, "(arg1, arg2, …)", "common type", 2...64),
    translated("min_of", .conditional, "(arg1, arg2, …)", "common type", 2...64),
  ]

  static let seriesFunctions: [KQLFunction] =
    refusedAll(
      [
        "series_abs", "series_acos", "series_add", "series_asin", "series_atan", "series_ceiling", "series_cos",
        "series_divide", "series_equals", "series_exp", "series_floor", "series_greater", "series_greater_equals",
        "series_less", "series_less_equals", "series_log", "series_multiply", "series_not_equals", "series_pow",
        "series_sign", "series_sin", "series_subtract", "series_tan",
      ], .seriesElementWise, series)
    + refusedAll(
      [
        "series_cosine_similarity", "series_dot_product", "series_fill_backward", "series_fill_const",
        "series_fill_forward", "series_fill_linear", "series_fft", "series_fir", "series_fit_2lines",
        "series_fit_2lines_dynamic", "series_fit_line", "series_fit_line_dynamic", "series_fit_poly", "series_ifft",
        "series_iir", "series_magnitude", "series_pearson_correlation", "series_sum",
      ], .seriesProcessing, series)
    + refusedAll(
      ["series_decompose", "series_decompose_anomalies", "series_decompose_forecast", "series_seasonal"],
      .seriesProcessing, seriesModel)
    + refusedAll(["series_periods_detect", "series_periods_validate"], .seriesProcessing, seriesPeriods)
    + [refused("series_outliers", .seriesProcessing, seriesOutliers)]
    + [
      translated(
        "series_stats", .seriesProcessing, "(series: dynamic [, ignore_nonfinite: bool]) in extend/project",
        "min, min_idx, max, max_idx, avg, stdev, variance columns", 1...2),
      translated(
        "series_stats_dynamic", .seriesProcessing, "(series: dynamic [, ignore_nonfinite: bool])", "dynamic", 1...2),
    ]

  static let stringFunctions: [KQLFunction] = [
    translated("base64_encode_tostring", .string, "(string: string)", "string", 1...1),
    translated("base64_encodestring", .string, "(string: string)", "string", 1...1, aliasOf: "base64_encode_tostring"),
    refused("base64_encode_fromguid", .string, "Spoor has no guid values"),
    translated("base64_decode_tostring", .string, "(base64: string)", "string", 1...1),
    translated("base64_decodestring", .string, "(base64: string)", "string", 1...1, aliasOf: "base64_decode_tostring"),
    translated("base64_decode_toarray", .string, "(base64_string: string)", "dynamic", 1...1),
    refused("base64_decode_toguid", .string, "Spoor has no guid values"),
    translated("countof", .string, "(source: string, search: string [, kind: \"normal\"])", "long", 2...3),
    translated(
      "extract", .string, "(regex: string, captureGroup: int, source: string [, typeLiteral])", "string", 3...4),
    translated("extract_all", .string, "(regex: string, source: string)", "dynamic", 2...2),
    translated("extract_json", .string, "(jsonPath: string, dataSource: string [, typeLiteral])", "string", 2...3),
    translated(
      "extractjson", .string, "(jsonPath: string, dataSource: string [, typeLiteral])", "string", 2...3,
      aliasOf: "extract_json"),
    translated("has_any_index", .string, "(source: string, values: dynamic)", "long", 2...2),
    translated("indexof", .string, "(string, match [, start: int [, length: int [, occurrence: int]]])", "long", 2...5),
    translated(
      "indexof_regex", .string,
      "(string, match: string [, start: int [, length: int [, occurrence: int]]])", "long", 2...5),
    translated("isempty", .string, "(value)", "bool", 1...1),
    translated("isnotempty", .string, "(value)", "bool", 1...1),
    translated("notempty", .string, "(value)", "bool", 1...1, aliasOf: "isnotempty"),
    translated("isnotnull", .string, "(value)", "bool", 1...1),
    translated("notnull", .string, "(value)", "bool", 1...1, aliasOf: "isnotnull"),
    translated("isnull", .string, "(value)", "bool", 1...1),
    translated("new_guid", .string, "()", "guid", 0...0),
    translated("parse_command_line", .string, "(command_line: string, parser: \"windows\")", "dynamic", 2...2),
    translated("parse_csv", .string, "(csv_text: string)", "dynamic", 1...1),
    translated("parse_ipv4", .string, "(ip: string)", "long", 1...1),
    translated("parse_ipv4_mask", .string, "(ip: string, prefix: int)", "long", 2...2),
    refused("parse_ipv6", .string, ipv6Canonical),
    refused("parse_ipv6_mask", .string, ipv6Canonical),
    translated("parse_path", .string, "(path: string)", "dynamic", 1...1),
    translated("parse_url", .string, "(url: string)", "dynamic", 1...1),
    translated("parse_urlquery", .string, "(query: string)", "dynamic", 1...1),
    refused("parse_user_agent", .string, "Kusto's user-agent parser and its rule set are not published"),
    refused(
      "parse_version", .string,
      "its result is a decimal of up to 32 digits (four parts of 8 digits); Spoor has no decimal type, and a real "
        + "keeps 15 to 17 digits, so versions that differ in their last parts would compare equal"),
    refused(
      "parse_xml", .string,
      "Kusto documents its XML-to-JSON mapping only by example (attributes as \"@name\", text as \"#text\", "
        + "repeated elements as arrays), not how it reads whitespace-only text, mixed content, namespaces, CDATA or "
        + "comments"),
    translated("regex_quote", .string, "(string: string)", "string", 1...1),
    translated(
      "replace", .string, "(regex: string, rewrite: string, text: string)", "string", 3...3, aliasOf: "replace_regex"),
    translated(
      "replace_regex", .string, "(source: string, lookup_regex: string, rewrite_pattern: string)", "string", 3...3),
    translated("replace_string", .string, "(text: string, lookup: string, rewrite: string)", "string", 3...3),
    refused(
      "replace_strings", .string,
      "Kusto documents that an earlier lookup takes precedence (its 'This'/'is' example) but not whether a later "
        + "lookup is searched only in the text between earlier matches or among its own matches in the whole text, "
        + "those overlapping an earlier match dropped; the two differ (lookups 'ba' then 'aa' in 'baaa')"),
    refused("punycode_from_string", .string, "PostgreSQL has no Punycode (IDNA) functions"),
    refused("punycode_to_string", .string, "PostgreSQL has no Punycode (IDNA) functions"),
    translated("reverse", .string, "(value: string)", "string", 1...1),
    translated("split", .string, "(source: string, delimiter: string [, requestedIndex: int])", "dynamic", 2...3),
    translated("strcat", .string, "(argument1, …)", "string", 1...64),
    translated("strcat_array", .string, "(array: dynamic, delimiter: string)", "string", 2...2),
    translated("strcat_delim", .string, "(delimiter: string, argument1, argument2, …)", "string", 3...65),
    translated("strcmp", .string, "(string1: string, string2: string)", "int", 2...2),
    translated("string_size", .string, "(source: string)", "long", 1...1),
    translated("strlen", .string, "(source: string)", "long", 1...1),
    translated("strrep", .string, "(value: string, multiplier: int [, delimiter: string])", "string", 2...3),
    translated("substring", .string, "(source: string, startingIndex: int [, length: int])", "string", 2...3),
    translated("tolower", .string, "(value: string)", "string", 1...1),
    translated("toupper", .string, "(value: string)", "string", 1...1),
    translated(
      "translate", .string, "(searchList: string, replacementList: string, source: string)", "string", 3...3),
    translated("trim", .string, "(regex: string, source: string)", "string", 2...2),
    translated("trim_end", .string, "(regex: string, source: string)", "string", 2...2),
    translated("trim_start", .string, "(regex: string, source: string)", "string", 2...2),
    refused(
      "url_decode", .string,
      "Kusto does not document whether '+' decodes to a space or how invalid %-escapes and bytes that are not UTF-8 "
        + "decode"),
    translated("url_encode", .string, "(url: string)", "string", 1...1),
    translated("url_encode_component", .string, "(url: string)", "string", 1...1),
    translated("isascii", .string, "(value: string)", "bool", 1...1),
    refused("isutf8", .string, notYet),
    translated("unicode_codepoints_from_string", .string, "(value: string)", "dynamic", 1...1),
    translated("unicode_codepoints_to_string", .string, "(values: int, long or dynamic, …)", "string", 1...64),
    translated(
      "make_string", .string, "(values: int, long or dynamic, …)", "string", 1...64,
      aliasOf: "unicode_codepoints_to_string"),
    translated("to_utf8", .string, "(value: string)", "dynamic", 1...1),
  ]

  static let ipFunctions: [KQLFunction] = [
    translated("ipv4_compare", .ip, "(ip1: string, ip2: string [, prefix: int])", "int", 2...3),
    translated("ipv4_is_in_range", .ip, "(Ipv4Address: string, Ipv4Range: string)", "bool", 2...2),
    translated(
      "ipv4_is_in_any_range", .ip, "(Ipv4Address: string, Ipv4Range: string, … | Ipv4Ranges: dynamic)", "bool", 2...64),
    translated("ipv4_is_match", .ip, "(ip1: string, ip2: string [, prefix: int])", "bool", 2...3),
    translated("ipv4_is_private", .ip, "(ip: string)", "bool", 1...1),
    translated("ipv4_netmask_suffix", .ip, "(ip: string)", "long", 1...1),
    refused(
      "ipv4_range_to_cidr_list", .ip,
      "Kusto documents only the list for two valid addresses in order, not what an invalid address, an address "
        + "with an IP-prefix or a start after the end gives (null, an empty array or an error)"),
    translated("ipv6_compare", .ip, "(ip1: string, ip2: string [, prefix: int])", "int", 2...3),
    translated("ipv6_is_match", .ip, "(ip1: string, ip2: string [, prefix: int])", "bool", 2...3),
    translated("format_ipv4", .ip, "(ip: string or long [, prefix: int])", "string", 1...2),
    translated("format_ipv4_mask", .ip, "(ip: string or long [, prefix: int])", "string", 1...2),
    refused("ipv6_is_in_range", .ip, ipv6Range),
    refused("ipv6_is_in_any_range", .ip, ipv6Range),
    translated("geo_info_from_ip_address", .ip, "(IpAddress: string)", "dynamic", 1...1),
  ]

  static let ipTextFunctions: [KQLFunction] = [
    translated("has_ipv4", .ipText, "(source: string, ip_address: string)", "bool", 2...2),
    translated("has_ipv4_prefix", .ipText, "(source: string, ip_address_prefix: string)", "bool", 2...2),
    translated("has_any_ipv4", .ipText, "(source: string, ip_address: string, …)", "bool", 2...64),
    translated(
      "has_any_ipv4_prefix", .ipText, "(source: string, ip_address_prefix: string, … | prefixes: dynamic)", "bool",
      2...64),
  ]

  static let typeFunctions: [KQLFunction] = [translated("gettype", .type, "(value)", "string", 1...1)]

  static let scalarAggregationFunctions: [KQLFunction] = refusedAll(
    [
      "dcount_hll", "hll_merge", "percentile_tdigest", "percentile_array_tdigest", "percentrank_tdigest",
      "rank_tdigest", "merge_tdigest",
    ], .scalarAggregation, digest)

  static let geospatialFunctions: [KQLFunction] = refusedAll(
    [
      "geo_distance_2points", "geo_distance_point_to_line", "geo_distance_point_to_polygon", "geo_intersects_2lines",
      "geo_intersects_2polygons", "geo_intersects_line_with_polygon", "geo_intersection_2lines",
      "geo_intersection_2polygons", "geo_intersection_line_with_polygon", "geo_point_buffer", "geo_point_in_circle",
      "geo_point_in_polygon", "geo_point_to_geohash", "geo_point_to_s2cell", "geo_point_to_h3cell", "geo_line_buffer",
      "geo_line_centroid", "geo_line_densify", "geo_line_length", "geo_line_simplify", "geo_line_to_s2cells",
      "geo_polygon_area", "geo_polygon_buffer", "geo_polygon_centroid", "geo_polygon_densify",
      "geo_polygon_perimeter", "geo_polygon_simplify", "geo_polygon_to_s2cells", "geo_geohash_to_central_point",
      "geo_geohash_neighbors", "geo_geohash_to_polygon", "geo_s2cell_to_central_point", "geo_s2cell_neighbors",
      "geo_s2cell_to_polygon", "geo_h3cell_to_central_point", "geo_h3cell_neighbors", "geo_h3cell_to_polygon",
      "geo_h3cell_parent", "geo_h3cell_children", "geo_h3cell_level", "geo_h3cell_rings",
      "geo_simplify_polygons_array", "geo_union_lines_array", "geo_union_polygons_array",
    ], .geospatial, geospatial)

  static let hashFunctions: [KQLFunction] = [
    refused("hash", .hash, xxhash),
    refused("hash_combine", .hash, "combines hash() values, which Spoor cannot compute (xxHash64)"),
    refused("hash_many", .hash, xxhash),
    translated("hash_md5", .hash, "(source)", "string", 1...1),
    translated("hash_sha1", .hash, "(source)", "string", 1...1),
    translated("hash_sha256", .hash, "(source)", "string", 1...1),
    refused("hash_xxhash64", .hash, xxhash),
  ]

  static let unitFunctions: [KQLFunction] = refusedAll(
    [
      "convert_angle", "convert_energy", "convert_force", "convert_length", "convert_mass", "convert_speed",
      "convert_temperature", "convert_volume",
    ], .units,
    "Kusto lists the units by name only, not the factors or formulas it converts with, and several have no single "
      + "standard value (DataMile, Shackle, SolarRadius, SolarTemperature, …); nor does it say whether it converts "
      + "through a base unit, which changes the last digits of a double")
}
