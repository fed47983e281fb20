/// The positions of one match of a pattern whose greediness changes between chunks, as RE2 takes them, and the
/// lateral sub-selects that compute them.
///
/// The match starts where the whole pattern first matches from the search position; then each chunk takes, in
/// turn, its preferred extent among those after which the rest of the pattern still matches (a look-ahead),
/// read with `regexp_substr` from the chunk's start so `^`, `\b` and the like still see the text before it.
struct ChunkedMatch {
  /// `CROSS JOIN LATERAL …` items computing the positions, to follow a `FROM` item that holds the text.
  var joins: String
  /// The 1-based start of each chunk as far as computed (the match's start first), then the match's end when
  /// every chunk was taken; null when the pattern does not match.
  var boundaries: [String]
  /// Each chunk's pattern bind: the chunk, then a look-ahead of the chunks after it.
  var patterns: [String]
}

/// Every match of a chunked pattern, left to right: a recursive CTE inside a lateral sub-select whose rows are
/// the matches, as columns of the CTE `"m"`.
struct ChunkedMatches {
  /// The subject text's column.
  var text: String
  /// The column of a match's start.
  var start: String
  /// The column of a match's end (the position after it).
  var end: String
  /// The column of the end of the match kept before it (1 for the first one): where the text before it starts.
  var previousEnd: String
  /// The column of each capture group asked for, by number.
  var groups: [Int: String]
  /// The subject and the CTE, before the select of the kept matches.
  fileprivate var prefix: String
  /// The alias of the lateral sub-select that aggregates the matches.
  var result: String
}

extension StatementBuilder {
  /// The chunk holding capture group `group` (1-based) and the group's number inside it; nil when the pattern has
  /// no such group.
  static func chunk(holding group: Int, in chunks: [RegexChunk]) -> (index: Int, local: Int)? {
    var before = 0
    for (index, chunk) in chunks.enumerated() {
      if group <= before + chunk.captureGroups { return (index, group - before) }
      before += chunk.captureGroups
    }
    return nil
  }

  /// One match of a chunked pattern in `text` (a column), searched from `position` (1 when nil), with the
  /// boundaries up to chunk `last` (`chunks.count`: the match's end).
  mutating func chunkedMatch(
    _ translation: RegexTranslator.Translation, _ chunks: [RegexChunk], text: String, from position: String?,
    through last: Int
  ) -> ChunkedMatch {
    let start = position.map { ", " + $0 } ?? ""
    var alias = nextAlias()
    var joins =
      " CROSS JOIN LATERAL (SELECT nullif(regexp_instr(" + text + ", " + bind(.string(translation.pattern)).text
      + start + "), 0) AS \"p\") AS " + alias
    var patterns: [String] = []
    for index in chunks.indices {
      let rest = chunks[(index + 1)...].map(\.body).joined()
      let body = chunks[index].body + (rest.isEmpty ? "" : "(?=" + rest + ")")
      patterns.append(bind(.string(translation.wrapping { _ in body })).text)
    }
    var boundaries = [alias + ".\"p\""]
    // Each chunk's start: the previous start plus the previous chunk's extent.
    for index in 0..<last {
      let next = nextAlias()
      joins +=
        " CROSS JOIN LATERAL (SELECT " + alias + ".\"p\" + length(regexp_substr(" + text + ", " + patterns[index]
        + ", " + alias + ".\"p\")) AS \"p\") AS " + next
      alias = next
      boundaries.append(alias + ".\"p\"")
    }
    return ChunkedMatch(joins: joins, boundaries: boundaries, patterns: patterns)
  }

  /// Capture group `group` (0: the whole match) of `match` in `text`, nil when the pattern has no such group.
  ///
  /// The match's boundaries must reach the group's chunk (its end for 0).
  mutating func chunkedGroup(_ match: ChunkedMatch, _ chunks: [RegexChunk], group: Int, text: String) -> String? {
    guard group > 0 else {
      let start = match.boundaries[0]
      return "substr(" + text + ", " + start + ", " + match.boundaries[chunks.count] + " - " + start + ")"
    }
    guard let (index, local) = Self.chunk(holding: group, in: chunks) else { return nil }
    return
      "regexp_substr(" + text + ", " + match.patterns[index] + ", " + match.boundaries[index] + ", 1, '', "
      + bind(.long(Int64(local)), as: "integer").text + ")"
  }

  /// Capture group `group` (0: the whole match) of the first match of a pattern whose greediness changes between
  /// chunks, as RE2 takes it (``ChunkedMatch``); null when the pattern does not match.
  mutating func chunkedExtraction(
    _ translation: RegexTranslator.Translation, _ chunks: [RegexChunk], group: Int, subject: SQLFragment
  ) -> SQLFragment {
    let last = group == 0 ? chunks.count : Self.chunk(holding: group, in: chunks)?.index
    guard let last else { return .null }
    let base = nextAlias()
    let text = base + ".\"s\""
    let match = chunkedMatch(translation, chunks, text: text, from: nil, through: last)
    guard let value = chunkedGroup(match, chunks, group: group, text: text) else { return .null }
    return .atom("(SELECT " + value + " FROM (SELECT " + subject.text + " AS \"s\") AS " + base + match.joins + ")")
  }

  /// Every match of a chunked pattern in `subject`, left to right, with the capture groups `groups` (each ≥ 1).
  ///
  /// A search goes on from the end of the previous match, or one character further after an empty match; an empty
  /// match where the previous match ended is skipped, as RE2's global replace and BigQuery's `REGEXP_REPLACE` do.
  /// Finish with ``select(_:_:value:)``.
  mutating func chunkedMatches(
    _ translation: RegexTranslator.Translation, _ chunks: [RegexChunk], subject: SQLFragment, groups: [Int]
  ) -> ChunkedMatches {
    let base = nextAlias()
    let text = base + ".\"s\""
    let match = chunkedMatch(translation, chunks, text: text, from: "\"m\".\"q\"", through: chunks.count)
    let start = match.boundaries[0]
    let end = match.boundaries[chunks.count]
    var groupColumns: [Int: String] = [:]
    var names = ["\"q\"", "\"s\"", "\"e\"", "\"w\"", "\"k\""]
    var seeds = ["1", "NULL::integer", "NULL::integer", "1", "false"]
    var values = [
      "CASE WHEN " + end + " > " + start + " THEN " + end + " ELSE " + start + " + 1 END", start, end,
      "CASE WHEN \"m\".\"k\" THEN \"m\".\"e\" ELSE \"m\".\"w\" END",
      end + " > " + start + " OR " + start + " IS DISTINCT FROM \"m\".\"e\"",
    ]
    for group in groups {
      guard groupColumns[group] == nil, let value = chunkedGroup(match, chunks, group: group, text: text) else {
        continue
      }
      let name = "\"g\(group)\""
      groupColumns[group] = "\"m\"." + name
      names.append(name)
      seeds.append("NULL::text")
      values.append(value)
    }
    let prefix =
      "(SELECT " + subject.text + " AS \"s\") AS " + base + " CROSS JOIN LATERAL (WITH RECURSIVE \"m\"("
      + names.joined(separator: ", ") + ") AS (SELECT " + seeds.joined(separator: ", ") + " UNION ALL SELECT "
      + values.joined(separator: ", ") + " FROM \"m\"" + match.joins + " WHERE " + start + " IS NOT NULL) SELECT "
    return ChunkedMatches(
      text: text, start: "\"m\".\"s\"", end: "\"m\".\"e\"", previousEnd: "\"m\".\"w\"", groups: groupColumns,
      prefix: prefix, result: nextAlias())
  }

  /// Kusto `extract_all` and XQL `regextract` of a chunked pattern: a JSON array of every match's text, of its
  /// one capture group, or of arrays of its capture groups; null when nothing matches.
  mutating func chunkedExtractAll(
    _ translation: RegexTranslator.Translation, _ chunks: [RegexChunk], subject: SQLFragment
  ) -> SQLFragment {
    let groups = Array(1...max(translation.captureGroups, 1)).filter { $0 <= translation.captureGroups }
    let matches = chunkedMatches(translation, chunks, subject: subject, groups: groups)
    let columns = groups.compactMap { matches.groups[$0] }
    let element: String
    switch columns.count {
    case 0:
      element = "substr(" + matches.text + ", " + matches.start + ", " + matches.end + " - " + matches.start + ")"
    case 1: element = columns[0]
    default: element = "to_jsonb(ARRAY[" + columns.joined(separator: ", ") + "])"
    }
    return matches.select(
      "jsonb_agg(" + element + " ORDER BY " + matches.start + ") AS \"r\"", value: matches.result + ".\"r\"")
  }

  /// Kusto `replace_regex` and XQL `replex` of a chunked pattern: every match replaced by `rewrite`, its group
  /// references filled from the match (``chunkedMatches(_:_:subject:groups:)`` says which matches).
  mutating func chunkedReplacement(
    _ translation: RegexTranslator.Translation, _ chunks: [RegexChunk], _ rewrite: [RegexRewrite.Part],
    subject: SQLFragment
  ) -> SQLFragment {
    let groups = rewrite.compactMap { part -> Int? in
      if case .group(let number) = part, number > 0 { return number }
      return nil
    }
    let matches = chunkedMatches(translation, chunks, subject: subject, groups: groups)
    let text = matches.text
    var pieces = [
      "substr(" + text + ", " + matches.previousEnd + ", " + matches.start + " - " + matches.previousEnd + ")"
    ]
    for part in rewrite {
      switch part {
      case .text(let literal): pieces.append(bind(.string(literal)).text)
      case .group(0):
        pieces.append("substr(" + text + ", " + matches.start + ", " + matches.end + " - " + matches.start + ")")
      case .group(let number): if let column = matches.groups[number] { pieces.append(column) }
      }
    }
    let result = matches.result
    return matches.select(
      "string_agg(concat(" + pieces.joined(separator: ", ") + "), '' ORDER BY " + matches.start + ") AS \"r\", max("
        + matches.end + ") AS \"t\"",
      value: "coalesce(" + result + ".\"r\", '') || substr(" + text + ", coalesce(" + result + ".\"t\", 1))")
  }
}

extension ChunkedMatches {
  /// The scalar sub-select: `aggregates` (a select list over the kept matches, one row even when there is none)
  /// read by `value` through ``result``.
  func select(_ aggregates: String, value: String) -> SQLFragment {
    .atom("(SELECT " + value + " FROM " + prefix + aggregates + " FROM \"m\" WHERE \"m\".\"k\") AS " + result + ")")
  }
}
