/// The scalar operations of the plan.
///
/// Front ends lower their language's operators and functions onto these,
/// with the language's semantics made explicit (case sensitivity, null handling); the emitter maps each to
/// PostgreSQL. Adding a case means adding its emission in `SpoorSQL` in the same change.
public enum ScalarFunction: Hashable, Sendable {
  // MARK: Logic
  case and
  case or
  /// SQL `NOT`: null stays null (Kusto's `not(null)` is null too).
  case not
  /// `x IS TRUE`: true only when `x` is true, false for false *and* null. The KQL binder wraps the operands of
  /// `and`/`or` that can be null in it, because Kusto's `and`/`or` read a null operand as false.
  case isTrue

  // MARK: Comparison (SQL semantics: a null operand gives null)
  case equal
  case notEqual
  case less
  case lessOrEqual
  case greater
  case greaterOrEqual
  /// `IS NOT DISTINCT FROM`: nulls compare equal.
  case notDistinctFrom
  /// `IS DISTINCT FROM`: true when exactly one side is null (KQL `!=` keeps null rows).
  case distinctFrom
  /// Case-insensitive string equality (`=~`, XQL `=` under `case_sensitive = false`).
  case equalIgnoringCase
  /// Case-insensitive string inequality; true when either side is null.
  case notEqualIgnoringCase
  /// `x between (low .. high)`, inclusive: arguments x, low, high.
  case between
  case isNull
  case isNotNull

  // MARK: Arithmetic
  case add
  case subtract
  case multiply
  case divide
  case modulo
  case negate
  /// Absolute value of an int, long or real.
  case absolute
  /// Bitwise operations on longs (`binary_and`, `binary_or`, `binary_xor`, `binary_not`).
  case bitAnd
  case bitOr
  case bitXor
  case bitNot
  /// `binary_shift_left(value, shift)` / `binary_shift_right`: the shift count is taken modulo 64, as .NET's
  /// `<<` and `>>` on a 64-bit integer take it (Kusto runs on .NET); the right shift is arithmetic.
  case shiftLeft
  case shiftRight
  /// `max_of(a, b, …)` / `min_of`: the largest (smallest) argument, nulls ignored; null when all are.
  case greatestOf
  case leastOf

  // MARK: Math on reals: where PostgreSQL raises, Kusto (.NET) gives NaN or an infinity, and so does the SQL
  /// `sqrt(x)`: NaN below 0.
  case squareRoot
  /// `log(x)`, `log10(x)`, `log2(x)`: -Infinity at 0, NaN below.
  case naturalLog
  case log10
  case log2
  /// `ceiling(x)` of an int, long or real, in its type.
  case ceiling
  /// `sign(x)`: -1, 0 or 1 in the argument's type.
  case sign
  case pi
  /// A random real in [0, 1), drawn again for every row (KQL `sample`'s order).
  case random
  case degrees
  case radians
  /// `sin`, `cos`, `tan`, `cot`: NaN of an infinity.
  case sine
  case cosine
  case tangent
  case cotangent
  /// `asin`, `acos`: NaN outside [-1, 1].
  case arcsine
  case arccosine
  case arctangent
  /// `atan2(y, x)`.
  case arctangent2
  case isNaN
  case isInfinite
  case isFinite
  /// `round(x [, digits])`: rounded half away from zero to `digits` decimals (0 by default; may be negative).
  case round

  // MARK: String predicates (arguments: subject, pattern)
  case contains(caseSensitive: Bool)
  case startsWith(caseSensitive: Bool)
  case endsWith(caseSensitive: Bool)
  /// KQL `has`: the pattern is a whole term (bounded by non-alphanumerics) of the subject.
  case hasTerm(caseSensitive: Bool)
  case hasPrefix(caseSensitive: Bool)
  case hasSuffix(caseSensitive: Bool)
  /// A match of an RE2 pattern (second argument) anywhere in the subject. The pattern must be a string literal;
  /// the emitter translates it to PostgreSQL ARE or reports the RE2 feature ARE lacks (`SQL-U003`).
  case matchesRegex(caseSensitive: Bool)
  /// XQL wildcard match: `*` in the pattern matches any run of characters, everything else is literal.
  case wildcardMatch(caseSensitive: Bool)
  /// Membership: arguments are the subject then the candidates (or one `.stringList` literal).
  case inList(caseSensitive: Bool)
  /// Membership in a computed dynamic array (`x in (L)`, `L` a `toscalar(… make_set(…))`): arguments are the subject
  /// and the array. True when an element equals the subject (as `==`, or as `=~` on text when not case-sensitive);
  /// false, never null, when none does or the value is not an array.
  case inArray(caseSensitive: Bool)
  /// `has_any`/`has_all` over a computed dynamic array (`x has_any (L)`, `L` a `toscalar(… make_set(…))`): arguments
  /// are the subject (text) and the array. Each element that is not null is a term (a string as it is, another
  /// value as its JSON text); true when any (`all`: every) term is a whole term of the subject; a value that is not
  /// an array holds no terms.
  case termsInArray(all: Bool, caseSensitive: Bool)
  /// KQL `has_any`: arguments are the subject then the terms.
  case hasAny(caseSensitive: Bool)
  /// KQL `has_all`: arguments are the subject then the terms.
  case hasAll(caseSensitive: Bool)

  // MARK: Strings
  case lower
  case upper
  /// Length in characters.
  case length
  /// `substring(s, start0 [, length])` with a 0-based start.
  case substring
  case concat
  /// `strcat_delim(delimiter, values...)`.
  case concatWithDelimiter
  /// Splits into a dynamic array: `split(s, delimiter [, index])`.
  case split
  /// Literal replacement of every occurrence: `replace(s, lookup, replacement)`.
  case replaceString
  /// RE2 replacement: `replace_regex(s, pattern, rewrite)`, pattern and rewrite literals (`\0`/`\1` groups).
  ///
  /// ARE gives a whole pattern the greediness of its first quantifier, so where the matched text is used a pattern
  /// mixing greedy and lazy quantifiers is taken one top-level chunk of one greediness at a time (this function,
  /// extract, extract_all and indexof_regex past the first occurrence), or refused when it does not cut into such
  /// chunks, and by trim.
  case replaceRegex
  /// `extract(pattern, group, s)`: the group of the first match, or "" when none (group a `.long` literal).
  case extractRegex
  /// `extract_all(pattern, s)`: a dynamic array of matches.
  case extractAllRegex
  /// `trim(pattern, s)` with an RE2 pattern of what to strip from both ends.
  case trimRegex
  case trimStartRegex
  case trimEndRegex
  /// 0-based index of the first occurrence, -1 when absent.
  case indexOf
  /// `indexof(s, lookup, start [, length])` (`spoor.kql_indexof`, migration 0061): the 0-based index of the first
  /// occurrence wholly inside the `length` characters (-1 for all) from `start` (negative counts from the end),
  /// -1 when absent, null when `length` < -1.
  case indexOfRange
  /// `indexof_regex(s, pattern, start, length, occurrence)` (the binder fills the defaults 0, -1 and 1; the pattern
  /// and the occurrence are literals): the 0-based index of the occurrence-th non-overlapping match of an RE2 pattern
  /// among the `length` (-1: all) characters from `start`, -1 when absent or when `start` is past the end; null when
  /// `start` < 0, `length` < -1 or `occurrence` < 0.
  case indexOfRegex
  /// `regex_quote(s)`: the text with each RE2 metacharacter (`\ . + * ? ( ) | [ ] { } ^ $`) escaped by a backslash.
  case regexQuote
  /// Size in bytes of the UTF-8 text.
  case byteLength
  /// `new_guid()`: a random version 4 GUID as its lower-case text, a new one for each row.
  case newGUID
  case hashMD5
  case hashSHA1
  /// Number of non-overlapping occurrences.
  case countOf
  case isEmpty
  case isNotEmpty
  case coalesce
  case base64DecodeToString
  /// `base64_decode_toarray(s)`: the decoded bytes as an array of longs (0–255); null when `s` is not base64, the
  /// rule base64_decode_tostring documents.
  case base64DecodeToArray
  /// `base64_encode_tostring(s)`: the UTF-8 bytes in base64, one line.
  case base64EncodeFromString
  /// `reverse(s)`: the characters in reverse order.
  case reverse
  /// `isascii(s)`: true when every character is ASCII.
  case isASCII
  /// `gettype(v)` of a dynamic value: its runtime type as Kusto names it.
  case dynamicTypeName
  case hashSHA256
  case toHex

  // MARK: Conversion (null on failure, as Kusto)
  case toBool
  case toInt
  case toLong
  case toReal
  case toString
  case toDatetime
  case toTimespan
  /// `parse_json`/`todynamic`: text is parsed by `spoor.parse_json` (migration 0030): JSON gives its value, `""`
  /// null, other text a JSON string, never an error.
  case toDynamic

  // MARK: Time
  /// The query's clock: one bind for the whole statement (a scheduled run binds its window end).
  case now
  /// `bin(value, size)` for numbers, datetimes and timespans.
  case bin
  /// `(value, start, size)`: the 0-based number of the bin of `size` from `start` holding `value`
  /// (`floor((value - start) / size)`, a long), for numbers, datetimes and timespans (KQL `make-series`).
  case binNumber
  case startOfDay
  case startOfWeek
  case startOfMonth
  case startOfYear
  case endOfDay
  /// `datetime_diff(part, a, b)`: whole `part`s from b to a (part is a string literal).
  case datetimeDiff
  /// `datetime_add(part, amount, value)`.
  case datetimeAdd
  /// `format_datetime(value, kusto-format)` (format is a string literal).
  case formatDatetime
  /// `format_timespan(value, kusto-format)` (format is a string literal of the elements d…dddddddd, h/H, hh/HH, m,
  /// mm, s, ss, f…fffffff, F…FFFFFFF and the documented delimiters); null for a negative timespan.
  case formatTimespan
  /// `datetime_utc_to_local(value, zone)`: the wall-clock time in an IANA time zone (a string literal), daylight
  /// saving included.
  case utcToLocal
  /// `datetime_local_to_utc(value, zone)`: a wall-clock time in an IANA time zone (a string literal) as UTC.
  case localToUTC
  /// Day of week as a timespan since Sunday.
  case dayOfWeek
  case hourOfDay
  case dayOfMonth
  case getYear
  case getMonth
  /// `datetime_part(part, value)` with the part a lower-cased string literal (year, quarter, month, week_of_year,
  /// day, dayofyear, hour, minute, second, millisecond, microsecond, nanosecond); fractions of a second are read
  /// to the microsecond PostgreSQL keeps.
  case datetimePart
  /// Day of the year, 1–366.
  case dayOfYear
  /// ISO 8601 week of the year (the first week holds the year's first Thursday).
  case weekOfYear
  /// The last microsecond of the value's week (weeks start on Sunday), month or year, in UTC.
  case endOfWeek
  case endOfMonth
  case endOfYear
  /// Epoch milliseconds of a datetime.
  case unixTimeMilliseconds
  /// Whole `perSecond`ths of a second since 1970-01-01 UTC, rounded down (a long).
  case unixTime(perSecond: Int64)
  /// `(text, format, zone)`: the instant `text` writes with a format of BigQuery's date and time elements (a string
  /// literal, `StrftimeFormat`); the zone, a long literal (minutes east of UTC) or a string literal (an IANA name),
  /// applies when the text has no offset. Null when the text does not match or names a day that does not exist.
  case parseDatetimeFormat
  /// The datetime of epoch milliseconds.
  case fromUnixTimeMilliseconds

  // MARK: Dynamic (jsonb)
  /// `value.name` / `value["name"]`: arguments value, key (string literal).
  case memberAccess
  /// `value ->> key`, the member's text (a JSON string's value, any other JSON value as its JSON text; null when
  /// absent): arguments value, key (a string, or an integer index into an array, negative from the end). How an
  /// XQL raw dataset's field without a column of its own is read from the dataset's `_document`
  /// (`migrations/0053_raw_datasets.sql`), and XQL's `arrayindex` reads an element.
  case memberText
  /// The members of two JSON objects, the second's winning on a shared key; a null or non-object argument counts as
  /// `{}`. How a join keeps both XQL raw datasets' documents.
  case mergeObjects
  /// `value[index]`: arguments value, index (negative counts from the end).
  case indexAccess
  case arrayLength
  case bagKeys
  /// `pack_array(v…)`: a dynamic array of the values (strings as JSON strings, datetimes and timespans as their
  /// Kusto text).
  case packArray
  /// `bag_pack(k1, v1, …)`: a property bag of the key/value pairs.
  case bagPack
  /// `array_concat(a…)`: the arrays' elements in order; null when an argument is not an array.
  case arrayConcat
  /// `set_union(a…)`: the distinct elements of all arrays in order of first appearance; null when an argument is
  /// not an array.
  case setUnion
  /// `set_intersect(a…)`: the distinct elements of the first array that every other array holds.
  case setIntersect
  /// `set_difference(a…)`: the distinct elements of the first array that no other array holds.
  case setDifference
  /// `array_reverse(a)`: the elements in reverse order; null when `a` is not an array.
  case arrayReverse
  /// `array_sum(a)`: the sum of the elements as a real (0 for an empty array), added in order as doubles; null when
  /// `a` is not an array or holds a non-number.
  case arraySum
  /// `series_stats_dynamic(array, ignore_nonfinite)`: the bag `{min, min_idx, max, max_idx, avg, stdev, variance}`
  /// of the array's numbers (sample variance, first position of the extremes); null when the array holds no
  /// number, or (unless ignore_nonfinite) any element that is not a number.
  case seriesStats
  /// `(bag, key)`: one number of a ``seriesStats`` bag, as the expression's type (real or long).
  case seriesStatistic
  /// `bag_merge(b…)`: one bag of every key; where bags share a key the leftmost bag's value is kept; null when an
  /// argument is not a bag.
  case bagMerge
  /// `array_slice(a, start, end)`: elements start to end inclusive (negative indexes count from the end, indexes
  /// out of bounds are ignored); null when `a` is not an array.
  case arraySlice
  /// `array_index_of(a, value [, start [, length [, occurrence]]])`: the 0-based index of the occurrence-th element
  /// equal to value among the `length` (-1: all) elements from `start` (negative counts from the end), -1 when
  /// absent; null when `a` is not an array, `length` < -1 or `occurrence` < 1.
  case arrayIndexOf
  /// `strcat_array(a, delimiter)`: the elements as text (strings unquoted, other values as JSON, null as ""),
  /// joined; "" when `a` is not an array.
  case strcatArray
  /// `bag_has_key(bag, key)`: the key a string literal, a name or a JSONPath of members (`$.a.b`); false when
  /// `bag` is not a bag.
  case bagHasKey
  /// `extract_json(path, text)`: the element at a member/index JSONPath of JSON text: a JSON string as its text,
  /// another value as its JSON text, "" when absent or not JSON.
  case extractJSON
  /// Defender's FileProfile for one file: arguments hash (text) and whether it is a SHA-256 (bool literal); the
  /// bag `spoor.file_profile` (migration 0062) returns.
  case fileProfile
  /// `geo_info_from_ip_address(ip)`: the location bag from `spoor.geoip` (migration 0060), null when no loaded
  /// network holds the address or the text is not an address.
  case geoInfoFromIP
  /// Kusto `parse_path(path)`: the path's parts as a bag (`migrations/0040_parse_functions.sql`).
  case parsePath
  /// Kusto `parse_url(url)`: the URL's parts as a bag (`migrations/0040_parse_functions.sql`).
  case parseURL
  /// Kusto `parse_command_line(text, "windows")`: the arguments as CommandLineToArgvW splits them.
  case parseCommandLine
  /// Kusto `parse_csv(text)`: the fields of the text's first record (up to the first line feed outside quotes) as
  /// an array of strings: fields split at commas; a field in double quotes may hold commas, line feeds and doubled
  /// quotes (`""` for `"`). Null when the record is not of that form (a quote inside an unquoted field, text after
  /// a closing quote, a quote never closed, a carriage return outside quotes), which Kusto does not document.
  case parseCSV
  /// Kusto `parse_urlquery(query)`: `{"Query Parameters": {…}}` with the query's parameters as `parse_url` reads
  /// them (`spoor.kql_query_parameters`, migration 0320).
  case parseURLQuery
  /// XQL `json_extract(value, "$.path")`: the JSON at a JSONPath.
  case jsonExtract
  /// XQL `json_extract_scalar(value, "$.path")`: the text at a JSONPath.
  case jsonExtractScalar
  /// XQL `json_extract_array(value, "$.path")`.
  case jsonExtractArray

  // MARK: Network
  case ipv4IsPrivate
  /// `ipv4_is_in_range(ip, cidr)`.
  case ipv4IsInRange
  /// `ipv4_is_in_any_range(ip, range…)` or `(ip, ranges)` with a dynamic array: null when the address or any
  /// range is not valid IPv4 (prefix notation), or the array is not an array.
  case ipv4IsInAnyRange
  /// `has_ipv4(source, ip…)` / `has_any_ipv4`: true when one of the addresses (string literals) is valid IPv4 and
  /// appears in the source with a non-alphanumeric character or the text's end on each side.
  case hasIPv4
  /// `has_ipv4_prefix(source, prefix)` / `has_any_ipv4_prefix`: true when one of the prefixes (string literals) is a
  /// complete IPv4 address or one to three octets each ending in a dot, and a valid IPv4 address that starts with it
  /// appears in the source with a non-alphanumeric character or the text's end on each side.
  case hasIPv4Prefix
  /// `parse_ipv4(ip)`: the address (of a prefix, its network address) as a big-endian long; null when invalid.
  case parseIPv4
  /// `parse_ipv4_mask(ip, prefix)`: the address as a big-endian long keeping the leading bits of the shortest of its
  /// own prefix and `prefix`; null when invalid or `prefix` is outside 0–32 (`spoor.kql_parse_ipv4_mask`, migration
  /// 0335).
  case parseIPv4Mask
  /// `ipv4_netmask_suffix(ip)`: the address's prefix length, 32 without one; null when invalid.
  case ipv4NetmaskSuffix
  /// XQL `incidr(ip, cidr)` for IPv4 and IPv6: true or false, never null (false for another family, non-address text
  /// or null).
  case inCIDR

  // MARK: Collections and text, element by element
  /// `bitset_count_ones(value)`: the set bits of the 64-bit two's-complement value.
  case bitCount
  /// `strrep(value, multiplier [, delimiter])`: the value `multiplier` times (1024 at most), joined by the
  /// delimiter; "" for a multiplier below 1 or null.
  case repeatString
  /// `translate(searchList, replacementList, source)`: each character of `searchList` in `source` replaced by the
  /// character at its position in `replacementList` (whose last character repeats when it is shorter); removed
  /// when `replacementList` is empty.
  case translateCharacters
  /// `repeat(value, count)`: an array of `count` copies of the value; `[]` for 0, null below 0.
  case repeatValue
  /// `zip(a…)`: an array of arrays, the i-th holding the i-th element of every argument (null past an argument's
  /// end), as long as the longest; null when an argument is not an array.
  case zipArrays
  /// `strcmp(a, b)`: -1, 0 or 1 as the strings compare by UTF-16 code unit, as .NET's ordinal comparison does
  /// (`spoor.kql_strcmp`, migration 0260).
  case stringCompare
  /// `array_rotate_left` (toLeft) / `array_rotate_right(a, n)`: the elements rotated n positions (the other way for
  /// a negative n); null when `a` is not an array or n is null.
  case arrayRotate(toLeft: Bool)
  /// `array_shift_left` (toLeft) / `array_shift_right(a, n, fill)`: the elements shifted n positions (the other way
  /// for a negative n), the emptied positions holding `fill`; null when `a` is not an array or n is null.
  case arrayShift(toLeft: Bool)
  /// `array_iff(conditions, ifTrue, ifFalse)`: per element of `conditions` (a bool, or a number read as != 0), the
  /// element of `ifTrue` or `ifFalse` at the same index (null past its end), or the value itself when it is not an
  /// array; null where the condition is neither; null when `conditions` is not an array.
  case arrayIff
  /// `bag_set_key(bag, key, value)`: the bag with the top-level key set to the value; null when `bag` is not a bag.
  case bagSetKey
  /// `jaccard_index(a, b)`: distinct elements in both over distinct elements in either, as a real (NaN for two
  /// empty arrays); null when an argument is not an array.
  case jaccardIndex
  /// `to_utf8(s)`: the UTF-8 bytes of the string as an array of numbers.
  case utf8Bytes
  /// `unicode_codepoints_from_string(s)`: the Unicode code points of the string as an array of numbers.
  case codePoints
  /// `unicode_codepoints_to_string(values…)` (and `make_string`): the characters of the code points of its int, long
  /// or dynamic-array arguments in order; null when an argument is not an array or an element is not a code point
  /// (an integer from 1 to 0x10FFFF outside the surrogates: PostgreSQL text holds no NUL, so 0 is null too).
  case codePointsToString
  /// `ipv4_compare` (width 32) / `ipv6_compare` (width 128)`(ip1, ip2 [, prefix])`: -1, 0 or 1 as the addresses'
  /// leading bits compare over the shortest of their own prefixes and `prefix` (IPv4 addresses are IPv4-mapped in
  /// width 128); null when an address is invalid or `prefix` is out of range (`spoor.kql_ip_compare`, migration 0141).
  case ipCompare(width: Int)
  /// `url_encode(s)` (component false: form encoding) / `url_encode_component(s)` (true: RFC 3986), by
  /// `spoor.kql_url_encode` (migration 0142).
  case urlEncode(component: Bool)
  /// `make_datetime(year, month, day [, hour, minute [, second]])`: the UTC instant, null when a part is out of
  /// range (`spoor.kql_make_datetime`, migration 0142).
  case makeDatetime
  /// KQL `pow(x, y)` (and `exp2`, `exp10`) as .NET's `Math.Pow`: ±Infinity, NaN or ±0 where PostgreSQL's `power`
  /// raises (`spoor.kql_pow`, migration 0230).
  case ieeePower
  /// KQL `exp(x)` as .NET's `Math.Exp`: Infinity or 0 where PostgreSQL's `exp` raises (`spoor.kql_exp`, migration
  /// 0230).
  case ieeeExponential
  /// KQL `format_ipv4(ip [, prefix])` (withMask false) / `format_ipv4_mask` (true): the masked network address as
  /// text, "" when the conversion fails (`spoor.kql_format_ipv4`, migration 0230).
  case formatIPv4(withMask: Bool)
  /// KQL `bag_remove_keys(bag, paths)`: the bag without the paths, a dynamic constant holding an array of arrays of
  /// member names (a top-level key, or the members of a JSONPath); null when the value is not a property bag
  /// (`spoor.kql_bag_remove_keys`, migration 0230).
  case bagRemoveKeys
  /// KQL `pack_all(true)`: the bag without the keys whose value is null or an empty string.
  case bagWithoutNullOrEmpty
  /// KQL `make_timespan(day, hour, minute, second)` (the binder fills the missing day and second with 0): null when a
  /// part is out of range (`spoor.kql_make_timespan`, migration 0230).
  case makeTimespan
  /// XQL `is_ipv4(s)` / `is_ipv6(s)`: true when the text is a dotted-quad IPv4 address (octets 0–255) or an IPv6
  /// address (full or `::`-compressed), false otherwise, null included.
  case isIPv4
  case isIPv6

  // MARK: XQL arrays (jsonb) with an `"@element"` expression
  /// `arraymap(a, e)`: the values of `e` (second argument, reading the element as
  /// ``ScalarExpression/arrayElementName``) for each element, in order; null when `a` is not an array.
  case arrayMap
  /// `arrayfilter(a, c)`: the elements for which `c` is true, in order; null when `a` is not an array.
  case arrayFilter
  /// `array_any(a, c)` / `array_all(a, c)`: whether `c` is true for some (every) element; null when `a` is not an
  /// array.
  case arrayAny
  case arrayAll
  /// `arrayindexof(a, c)`: the 0-based index of the first element for which `c` is true, -1 when none; null when
  /// `a` is not an array.
  case arrayFirstIndex
  /// `arraystring(a, delimiter)`: the elements as text (strings unquoted, other values as JSON text), JSON nulls
  /// skipped, joined; null when `a` is not an array.
  case arrayJoin
  /// `arraymerge(a)`: the elements of the arrays that are elements of `a`, in order (elements that are JSON text of
  /// an array are read as that array); null when `a` is not an array or an element is not an array.
  case arrayFlatten
  /// `arraycreate(v…)`: a JSON array of the values (null as JSON null, datetimes as JSON strings).
  case arrayCreate
  /// `object_create(k1, v1, …)`: a JSON object of the pairs (keys as text, null values as JSON null); a later pair
  /// wins on a repeated key.
  case objectCreate
  /// `to_json_string(v)` of a string, integer or boolean: its JSON spelling (`"a\"b"`, `42`, `true`); null stays null.
  case jsonText
  /// `pow(x, n)`: x to the power n as a double; null where PostgreSQL would raise (0 to a negative power, a negative
  /// base to a fractional power, a result beyond about 1e±304).
  case power
}
