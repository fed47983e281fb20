import SpoorCatalog
import SpoorPlan
import Testing

/// A hand-built plan and the exact SQL and binds it must emit.
struct GoldenCase: Sendable, CustomTestStringConvertible {
  /// What the case shows.
  var name: String
  /// The plan.
  var relation: Relation
  /// The expected SQL text.
  var sql: String
  /// The expected binds.
  var parameters: [Value]

  var testDescription: String { name }
}

extension GoldenCase {
  typealias F = PlanFixtures
  static let scan = Relation.scan(F.events)
  static let allColumns =
    "\"Timestamp\", \"DeviceName\", \"FileName\", \"FolderPath\", \"ProcessId\""
  static let from = "FROM \"public\".\"DeviceProcessEvents\""
  static let timestamp = ScalarExpression.column("Timestamp", .datetime)
  static let newestFirst = SortKey(expression: timestamp, ascending: false, nullsFirst: false)
  static let sameDevice = F.predicate(
    .equal, ScalarExpression(.joinColumn(.left, "DeviceName"), type: .string),
    ScalarExpression(.joinColumn(.right, "DeviceName"), type: .string))

  static let all: [GoldenCase] = [
    GoldenCase(
      name: "filters merge into one WHERE, sort and limit on top",
      relation: .limit(
        .sort(
          .filter(
            .filter(
              scan,
              F.predicate(
                .startsWith(caseSensitive: false), F.string("FolderPath"),
                F.text("C:\\Program Files\\"))),
            F.predicate(.equal, F.long("ProcessId"), .literal(.long(4)))),
          [newestFirst]),
        count: 10),
      sql:
        "SELECT \(allColumns) \(from) WHERE \"FolderPath\" ILIKE $1::text AND \"ProcessId\" = $2::bigint"
        + " ORDER BY \"Timestamp\" DESC NULLS LAST LIMIT $3::bigint",
      parameters: [.string("C:\\\\Program Files\\\\%"), .long(4), .long(10)]),
    GoldenCase(
      name: "project over filter stays one SELECT",
      relation: .project(
        .filter(
          scan,
          F.predicate(.endsWith(caseSensitive: true), F.string("FileName"), F.text("50%_off.exe"))),
        [
          NamedExpression(name: "Name", expression: F.string("FileName")),
          NamedExpression(
            name: "Upper", expression: .call(.upper, [F.string("FileName")], type: .string)),
        ]),
      sql:
        "SELECT \"FileName\" AS \"Name\", upper(\"FileName\") AS \"Upper\" \(from) WHERE \"FileName\" LIKE $1::text",
      parameters: [.string("%50\\%\\_off.exe")]),
    GoldenCase(
      name: "filter on a computed column nests a derived table",
      relation: .filter(
        .project(
          scan,
          [
            NamedExpression(
              name: "Lower", expression: .call(.lower, [F.string("FileName")], type: .string))
          ]),
        F.predicate(.contains(caseSensitive: true), F.string("Lower"), F.string("Lower"))),
      sql: "SELECT \"Lower\" FROM (SELECT lower(\"FileName\") AS \"Lower\" \(from)) AS \"t1\""
        + " WHERE strpos(\"Lower\", \"Lower\") > 0",
      parameters: []),
    GoldenCase(
      name: "or inside and keeps its parentheses; a lone or needs none",
      relation: .filter(
        .filter(
          scan,
          .call(
            .or,
            [
              F.predicate(.equal, F.string("FileName"), F.text("a")),
              F.predicate(.equalIgnoringCase, F.string("FileName"), F.text("B.EXE")),
            ], type: .bool)),
        F.predicate(.distinctFrom, F.long("ProcessId"), .literal(.long(5)))),
      sql:
        "SELECT \(allColumns) \(from) WHERE (\"FileName\" = $1::text OR lower(\"FileName\") = $2::text)"
        + " AND \"ProcessId\" IS DISTINCT FROM $3::bigint",
      parameters: [.string("a"), .string("b.exe"), .long(5)]),
    GoldenCase(
      name: "has, has_any, in~, regex and wildcard",
      relation: .filter(
        scan,
        .call(
          .and,
          [
            F.predicate(.hasTerm(caseSensitive: false), F.string("FileName"), F.text("cmd.exe")),
            F.predicate(
              .hasAny(caseSensitive: false), F.string("FolderPath"),
              .literal(.stringList(["temp", "\\x"]))),
            F.predicate(
              .inList(caseSensitive: false), F.string("DeviceName"), F.text("PC1"), F.text("pc2")),
            F.predicate(
              .matchesRegex(caseSensitive: true), F.string("FileName"), F.text("\\bps.\\.exe\\z")),
            F.predicate(
              .wildcardMatch(caseSensitive: false), F.string("FolderPath"),
              F.text("*\\app_data\\*.dll")),
          ], type: .bool)),
      sql:
        "SELECT \(allColumns) \(from) WHERE \"FileName\" ~* $1::text AND \"FolderPath\" ~* $2::text"
        + " AND lower(\"DeviceName\") = ANY($3::text[]) AND \"FileName\" ~ $4::text AND \"FolderPath\" ILIKE $5::text",
      parameters: [
        .string("(^|[^[:alnum:]])cmd\\.exe([^[:alnum:]]|$)"),
        .string("(?:(^|[^[:alnum:]])temp([^[:alnum:]]|$))|(?:\\\\x([^[:alnum:]]|$))"),
        .stringList(["pc1", "pc2"]), .string("\\yps[^\\n]\\.exe\\Z"),
        .string("%\\\\app\\_data\\\\%.dll"),
      ]),
    GoldenCase(
      name: "now is one parameter however often it is read",
      relation: .filter(
        scan,
        .call(
          .and,
          [
            F.predicate(
              .greater, timestamp,
              .call(
                .subtract,
                [
                  .call(.now, [], type: .datetime),
                  .literal(.timespan(microseconds: 86_400_000_000)),
                ], type: .datetime)),
            F.predicate(.lessOrEqual, timestamp, .call(.now, [], type: .datetime)),
          ], type: .bool)),
      sql:
        "SELECT \(allColumns) \(from) WHERE \"Timestamp\" > $1::timestamptz - $2::interval AND \"Timestamp\" <= $1::timestamptz",
      parameters: [
        .datetime(microseconds: 1_700_000_000_000_000), .timespan(microseconds: 86_400_000_000),
      ]),
    GoldenCase(
      name: "aggregate without keys: count, sum and make_set with Kusto's empty-input results",
      relation: .aggregate(
        scan, groupBy: [],
        aggregates: [
          NamedAggregate(
            name: "count_", call: AggregateCall(function: .count, arguments: [], type: .long)),
          NamedAggregate(
            name: "sum_ProcessId",
            call: AggregateCall(function: .sum, arguments: [F.long("ProcessId")], type: .long)),
          NamedAggregate(
            name: "set_FileName",
            call: AggregateCall(
              function: .makeSet(limit: nil), arguments: [F.string("FileName")],
              filter: F.predicate(.greater, F.long("ProcessId"), .literal(.long(0))), type: .dynamic
            )),
        ]),
      sql:
        "SELECT count(*) AS \"count_\", coalesce(sum(\"ProcessId\")::bigint, 0) AS \"sum_ProcessId\","
        + " coalesce(jsonb_agg(DISTINCT \"FileName\") FILTER (WHERE \"FileName\" IS NOT NULL AND \"ProcessId\" > $1::bigint),"
        + " '[]'::jsonb) AS \"set_FileName\" \(from)",
      parameters: [.long(0)]),
    GoldenCase(
      name: "aggregate over computed keys nests, then sorts by an aggregate",
      relation: .sort(
        .aggregate(
          .project(
            scan,
            [
              NamedExpression(
                name: "Device", expression: .call(.lower, [F.string("DeviceName")], type: .string)),
              NamedExpression(name: "ProcessId", expression: F.long("ProcessId")),
            ]),
          groupBy: [NamedExpression(name: "Device", expression: F.string("Device"))],
          aggregates: [
            NamedAggregate(
              name: "Latest",
              call: AggregateCall(
                function: .valueAtMax, arguments: [F.long("ProcessId"), F.string("Device")],
                type: .string)),
            NamedAggregate(
              name: "n",
              call: AggregateCall(
                function: .countDistinct, arguments: [F.long("ProcessId")], type: .long)),
          ]),
        [SortKey(expression: F.long("n"), ascending: true, nullsFirst: true)]),
      sql:
        "SELECT \"Device\", (array_agg(\"Device\" ORDER BY \"ProcessId\" DESC NULLS LAST))[1] AS \"Latest\","
        + " count(DISTINCT \"ProcessId\") AS \"n\" FROM (SELECT lower(\"DeviceName\") AS \"Device\", \"ProcessId\" \(from))"
        + " AS \"t1\" GROUP BY \"Device\" ORDER BY count(DISTINCT \"ProcessId\") ASC NULLS FIRST",
      parameters: []),
    GoldenCase(
      name: "a filter after a limit nests, and the outer query keeps the inner order",
      relation: .filter(
        .limit(.sort(scan, [newestFirst]), count: 5),
        F.predicate(.equal, F.long("ProcessId"), .literal(.long(1)))),
      sql:
        "SELECT \(allColumns) FROM (SELECT * \(from) ORDER BY \"Timestamp\" DESC NULLS LAST LIMIT $1::bigint)"
        + " AS \"t1\" WHERE \"ProcessId\" = $2::bigint ORDER BY \"Timestamp\" DESC NULLS LAST",
      parameters: [.long(5), .long(1)]),
    GoldenCase(
      name:
        "an order by a column the projection renamed follows its new name out of the derived table",
      relation: .filter(
        .limit(
          .project(
            .sort(scan, [newestFirst]), [NamedExpression(name: "When", expression: timestamp)]),
          count: 5),
        F.predicate(.isNotNull, .column("When", .datetime))),
      sql:
        "SELECT \"When\" FROM (SELECT \"Timestamp\" AS \"When\" \(from) ORDER BY \"Timestamp\" DESC NULLS LAST"
        + " LIMIT $1::bigint) AS \"t1\" WHERE \"When\" IS NOT NULL ORDER BY \"When\" DESC NULLS LAST",
      parameters: [.long(5)]),
    GoldenCase(
      name: "first row per key is DISTINCT ON",
      relation: .firstPerKey(scan, keys: [F.string("DeviceName")], order: [newestFirst]),
      sql:
        "SELECT DISTINCT ON (\"DeviceName\") \(allColumns) \(from) ORDER BY \"DeviceName\", \"Timestamp\" DESC NULLS LAST",
      parameters: []),
    GoldenCase(
      name: "inner join renames the right side's clashing column",
      relation: .join(
        Join(
          left: scan, right: .filter(scan, F.predicate(.equal, F.string("FileName"), F.text("x"))),
          kind: .inner,
          condition: sameDevice,
          outputs: [
            JoinOutput(name: "DeviceName", side: .left, sourceName: "DeviceName", type: .string),
            JoinOutput(name: "FileName", side: .left, sourceName: "FileName", type: .string),
            JoinOutput(name: "FileName1", side: .right, sourceName: "FileName", type: .string),
          ])),
      sql: "SELECT \"t1\".\"DeviceName\", \"t1\".\"FileName\", \"t2\".\"FileName\" AS \"FileName1\""
        + " FROM \"public\".\"DeviceProcessEvents\" AS \"t1\" JOIN (SELECT * \(from) WHERE \"FileName\" = $1::text)"
        + " AS \"t2\" ON \"t1\".\"DeviceName\" = \"t2\".\"DeviceName\"",
      parameters: [.string("x")]),
    GoldenCase(
      name: "left anti join is NOT EXISTS",
      relation: .join(
        Join(
          left: scan, right: scan, kind: .leftAnti, condition: sameDevice,
          outputs: [
            JoinOutput(name: "DeviceName", side: .left, sourceName: "DeviceName", type: .string)
          ])),
      sql:
        "SELECT \"t1\".\"DeviceName\" FROM \"public\".\"DeviceProcessEvents\" AS \"t1\" WHERE NOT EXISTS"
        + " (SELECT 1 FROM \"public\".\"DeviceProcessEvents\" AS \"t2\" WHERE \"t1\".\"DeviceName\" = \"t2\".\"DeviceName\")",
      parameters: []),
    GoldenCase(
      name: "union all of two filtered scans",
      relation: .union([
        .project(scan, [NamedExpression(name: "FileName", expression: F.string("FileName"))]),
        .project(
          .filter(scan, F.predicate(.isNotEmpty, F.string("FolderPath"))),
          [NamedExpression(name: "FileName", expression: F.string("FolderPath"))]),
      ]),
      sql:
        "SELECT \"FileName\" FROM ((SELECT \"FileName\" \(from)) UNION ALL (SELECT \"FolderPath\" AS \"FileName\" \(from)"
        + " WHERE \"FolderPath\" IS NOT NULL AND \"FolderPath\" <> '')) AS \"t1\"",
      parameters: []),
    GoldenCase(
      name: "expand a bag keeping empty rows",
      relation: .expand(
        .scan(F.tagged),
        Expansion(
          column: "Tags", kind: .bag, elementType: .dynamic, indexColumn: nil, keepEmpty: true)),
      sql:
        "SELECT \"t1\".\"Id\", CASE WHEN \"t2\".\"key\" IS NOT NULL THEN jsonb_build_object(\"t2\".\"key\", \"t2\".\"value\")"
        + " WHEN jsonb_typeof(\"t1\".\"Tags\") = 'object' THEN NULL ELSE \"t1\".\"Tags\" END AS \"Tags\" FROM \"public\".\"Tagged\" AS \"t1\" LEFT JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(\"t1\".\"Tags\") = 'object'"
        + " THEN \"t1\".\"Tags\" ELSE '{}'::jsonb END) WITH ORDINALITY AS \"t2\"(\"key\", \"value\", \"ordinality\") ON true",
      parameters: []),
    GoldenCase(
      name: "inline rows bind every value",
      relation: .values(
        columns: [
          OutputColumn(name: "Name", type: .string), OutputColumn(name: "Score", type: .real),
        ],
        rows: [[.string("a"), .long(1)], [.null(.string), .real(2.5)]]),
      sql:
        "SELECT \"Name\", \"Score\" FROM (VALUES ($1::text, $2::bigint::double precision), ($3::text, $4::double precision))"
        + " AS \"t1\"(\"Name\", \"Score\")",
      parameters: [.string("a"), .long(1), .null(.string), .real(2.5)]),
    GoldenCase(
      name: "range is generate_series",
      relation: .range(
        name: "x", start: .literal(.long(1)), stop: .literal(.long(5)), step: .literal(.long(2))),
      sql:
        "SELECT \"t1\".\"x\" FROM generate_series($1::bigint, $2::bigint, $3::bigint) AS \"t1\"(\"x\")",
      parameters: [.long(1), .long(5), .long(2)]),
    GoldenCase(
      name: "row numbers follow the serialized order",
      relation: .window(
        .sort(scan, [newestFirst]),
        [
          NamedWindowExpression(
            name: "Rank",
            expression: WindowExpression(
              function: .rowNumber, arguments: [], partitionBy: [], orderBy: [], type: .long))
        ]),
      sql:
        "SELECT \(allColumns), row_number() OVER (ORDER BY \"Timestamp\" DESC NULLS LAST) AS \"Rank\" \(from)"
        + " ORDER BY \"Timestamp\" DESC NULLS LAST",
      parameters: []),
    GoldenCase(
      name: "a batch scan reads rows visible in the current snapshot only",
      relation: .scanBatch(F.events, IngestBatch(previous: "10:20:", current: "15:15:")),
      sql:
        "SELECT \(allColumns) \(from) WHERE \"_spoor_xid\" >= pg_snapshot_xmin($2::pg_snapshot)"
        + " AND \"_spoor_xid\" < pg_snapshot_xmax($1::pg_snapshot)"
        + " AND pg_visible_in_snapshot(\"_spoor_xid\", $1::pg_snapshot)"
        + " AND NOT pg_visible_in_snapshot(\"_spoor_xid\", $2::pg_snapshot)",
      parameters: [.string("15:15:"), .string("10:20:")]),
  ]
}
