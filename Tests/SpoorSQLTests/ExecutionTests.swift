import SpoorCatalog
import SpoorPlan
import SpoorSQL
import Testing

/// Emitted statements run on a real PostgreSQL, checking the semantics the golden tests only spell.
@Suite("Emitted SQL on PostgreSQL")
struct ExecutionTests {
  typealias F = PlanFixtures
  static let scan = Relation.scan(ExecutionDatabase.table)
  static let name = F.string("name")

  @Test("has matches whole terms only, ignoring case; contains does not")
  func hasTerms() throws {
    let database = try ExecutionDatabase(
      named: "has_terms",
      rows: """
        INSERT INTO ev (id, name) VALUES (1, 'cmd.exe'), (2, 'xcmd.exe'), (3, 'run CMD.EXE /c'), (4, 'cmd.exe2'),
          (5, 'a_cmd.exe'), (6, 'KustoExplorerQueryRun'), (7, 'North America'), (8, 'c:\\cmd.exe');
        """)
    #expect(
      try database.ids(
        where: F.predicate(.hasTerm(caseSensitive: false), Self.name, F.text("cmd.exe"))) == [
          1, 3, 5, 8,
        ])
    #expect(
      try database.ids(
        where: F.predicate(.hasTerm(caseSensitive: true), Self.name, F.text("cmd.exe"))) == [
          1, 5, 8,
        ])
    #expect(
      try database.ids(
        where: F.predicate(.hasTerm(caseSensitive: false), Self.name, F.text("Explorer"))) == [])
    #expect(
      try database.ids(
        where: F.predicate(.contains(caseSensitive: false), Self.name, F.text("Explorer"))) == [6])
    #expect(
      try database.ids(
        where: F.predicate(.hasTerm(caseSensitive: false), Self.name, F.text("america"))) == [7])
    #expect(
      try database.ids(
        where: F.predicate(.hasPrefix(caseSensitive: false), Self.name, F.text("kusto"))) == [6])
    #expect(
      try database.ids(
        where: F.predicate(.hasSuffix(caseSensitive: false), Self.name, F.text("exe"))) == [
          1, 2, 3, 5, 8,
        ])
    #expect(
      try database.ids(
        where: F.predicate(
          .hasAny(caseSensitive: false), Self.name, .literal(.stringList(["america", "exe2"]))))
        == [4, 7])
    #expect(
      try database.ids(
        where: F.predicate(.hasAll(caseSensitive: false), Self.name, F.text("run"), F.text("c")))
        == [3])
  }

  @Test("LIKE patterns treat backslash, percent and underscore literally")
  func likeEscaping() throws {
    let database = try ExecutionDatabase(
      named: "like_escaping",
      rows: """
        INSERT INTO ev (id, name) VALUES (1, 'C:\\Program Files\\x.exe'), (2, 'C:\\ProgramXFiles\\x.exe'),
          (3, 'C:\\Program Files (x86)\\y.exe'), (4, '100%'), (5, '1000'), (6, 'a_b'), (7, 'axb'), (8, 'c:\\program files\\z');
        """)
    #expect(
      try database.ids(
        where: F.predicate(
          .startsWith(caseSensitive: false), Self.name, F.text("C:\\Program Files\\"))) == [1, 8])
    #expect(
      try database.ids(
        where: F.predicate(
          .startsWith(caseSensitive: true), Self.name, F.text("C:\\Program Files\\"))) == [1])
    #expect(
      try database.ids(where: F.predicate(.contains(caseSensitive: false), Self.name, F.text("0%")))
        == [4])
    #expect(
      try database.ids(
        where: F.predicate(.endsWith(caseSensitive: false), Self.name, F.text("a_b"))) == [6])
    #expect(
      try database.ids(
        where: F.predicate(
          .wildcardMatch(caseSensitive: false), Self.name, F.text("*\\program files*"))) == [
          1, 3, 8,
        ])
    #expect(
      try database.ids(
        where: F.predicate(
          .contains(caseSensitive: false), Self.name, .call(.concat, [F.text("a_")], type: .string))
      ) == [6])
  }

  @Test("distinct-from keeps null rows, equality drops them")
  func nulls() throws {
    let database = try ExecutionDatabase(
      named: "null_semantics",
      rows: "INSERT INTO ev (id, n, name) VALUES (1, 5, ''), (2, NULL, 'x'), (3, 6, 'y');")
    let n = F.long("n")
    #expect(try database.ids(where: F.predicate(.distinctFrom, n, .literal(.long(5)))) == [2, 3])
    #expect(try database.ids(where: F.predicate(.notEqual, n, .literal(.long(5)))) == [3])
    #expect(try database.ids(where: F.predicate(.isEmpty, Self.name)) == [1])
    #expect(try database.ids(where: F.predicate(.isNotEmpty, Self.name)) == [2, 3])
    #expect(
      try database.ids(where: F.predicate(.notEqualIgnoringCase, Self.name, F.text("X"))) == [1, 3])
  }

  @Test("aggregates over empty input follow Kusto")
  func emptyAggregates() throws {
    let database = try ExecutionDatabase(
      named: "empty_aggregates", rows: "INSERT INTO ev (id, n) VALUES (1, 5);")
    let empty = Relation.filter(Self.scan, F.predicate(.equal, Self.name, F.text("nothing")))
    let aggregates = [
      NamedAggregate(
        name: "count_", call: AggregateCall(function: .count, arguments: [], type: .long)),
      NamedAggregate(
        name: "sum_n", call: AggregateCall(function: .sum, arguments: [F.long("n")], type: .long)),
      NamedAggregate(
        name: "set_name",
        call: AggregateCall(function: .makeSet(limit: nil), arguments: [Self.name], type: .dynamic)),
      NamedAggregate(
        name: "list_name",
        call: AggregateCall(function: .makeList(limit: 3), arguments: [Self.name], type: .dynamic)),
      NamedAggregate(
        name: "max_n", call: AggregateCall(function: .max, arguments: [F.long("n")], type: .long)),
    ]
    #expect(
      try database.rows(.aggregate(empty, groupBy: [], aggregates: aggregates)) == [
        ["0", "0", "[]", "[]", nil]
      ])
    let grouped = Relation.aggregate(
      empty, groupBy: [NamedExpression(name: "device", expression: F.string("device"))],
      aggregates: aggregates)
    #expect(try database.rows(grouped) == [])
  }

  @Test("first row per key and arg_max pick the newest row")
  func firstPerKey() throws {
    let database = try ExecutionDatabase(
      named: "first_per_key",
      rows: """
        INSERT INTO ev (id, device, n) VALUES (1, 'a', 1), (2, 'a', 3), (3, 'b', NULL), (4, 'b', 2), (5, 'c', NULL);
        """)
    let newest = SortKey(expression: F.long("n"), ascending: false, nullsFirst: false)
    #expect(
      try database.ids(of: .firstPerKey(Self.scan, keys: [F.string("device")], order: [newest]))
        == [2, 4, 5])
    let argMax = Relation.aggregate(
      Self.scan, groupBy: [NamedExpression(name: "device", expression: F.string("device"))],
      aggregates: [
        NamedAggregate(
          name: "id",
          call: AggregateCall(
            function: .valueAtMax, arguments: [F.long("n"), F.long("id")], type: .long))
      ])
    #expect(try database.ids(of: argMax) == [2, 4, 5])
  }

  @Test("join kinds, including anti joins with null keys")
  func joins() throws {
    let database = try ExecutionDatabase(
      named: "join_kinds",
      rows: "INSERT INTO ev (id, n) VALUES (1, 1), (2, NULL), (3, 2), (4, 1), (5, 9);")
    let left = Relation.filter(Self.scan, F.predicate(.less, F.long("id"), .literal(.long(4))))
    let right = Relation.filter(
      Self.scan, F.predicate(.greaterOrEqual, F.long("id"), .literal(.long(4))))
    func join(_ kind: JoinKind, side: JoinSide = .left) -> Relation {
      .join(
        Join(
          left: left, right: right, kind: kind,
          condition: F.predicate(
            .equal, ScalarExpression(.joinColumn(.left, "n"), type: .long),
            ScalarExpression(.joinColumn(.right, "n"), type: .long)),
          outputs: [JoinOutput(name: "id", side: side, sourceName: "id", type: .long)]))
    }
    #expect(try database.ids(of: join(.inner)) == [1])
    #expect(try database.ids(of: join(.leftOuter)) == [1, 2, 3])
    #expect(try database.ids(of: join(.leftSemi)) == [1])
    #expect(try database.ids(of: join(.leftAnti)) == [2, 3])
    #expect(try database.ids(of: join(.rightSemi, side: .right)) == [4])
    #expect(try database.ids(of: join(.rightAnti, side: .right)) == [5])
    #expect(try database.ids(of: join(.fullOuter, side: .right)).count == 2)
  }

  @Test("expand drops or keeps empty arrays and non-arrays")
  func expand() throws {
    let database = try ExecutionDatabase(
      named: "expand_arrays",
      rows: """
        INSERT INTO ev (id, tags) VALUES (1, '["a", "b"]'), (2, '[]'), (3, 'null'), (4, '"x"'), (5, '{"k": 1, "j": 2}');
        """)
    func expanded(_ kind: Expansion.Kind, keepEmpty: Bool) -> Relation {
      .expand(
        Self.scan,
        Expansion(
          column: "tags", kind: kind, elementType: .string, indexColumn: "i", keepEmpty: keepEmpty))
    }
    // Empty containers are dropped unless kept; any other value, null included, is one row holding itself.
    #expect(try database.ids(of: expanded(.array, keepEmpty: false)) == [1, 1, 3, 4, 5])
    #expect(try database.ids(of: expanded(.array, keepEmpty: true)) == [1, 1, 2, 3, 4, 5])
    #expect(try database.ids(of: expanded(.bag, keepEmpty: false)) == [1, 2, 3, 4, 5, 5])
    let elements = try database.rows(
      .project(
        .sort(
          expanded(.array, keepEmpty: false),
          [
            SortKey(expression: F.long("id"), ascending: true, nullsFirst: false),
            SortKey(expression: F.long("i"), ascending: true, nullsFirst: false),
          ]),
        [
          NamedExpression(name: "tags", expression: F.string("tags")),
          NamedExpression(name: "i", expression: F.long("i")),
        ]))
    #expect(
      elements == [
        ["a", "0"], ["b", "1"], [nil, nil], ["x", nil], [#"{"j": 2, "k": 1}"#, nil],
      ])
    let dynamicNull = Relation.project(
      .filter(
        .expand(
          Self.scan,
          Expansion(
            column: "tags", kind: .array, elementType: .dynamic, indexColumn: nil, keepEmpty: false)
        ),
        F.predicate(.equal, F.long("id"), .literal(.long(3)))),
      [NamedExpression(name: "tags", expression: .column("tags", .dynamic))])
    #expect(try database.rows(dynamicNull) == [[nil]], "a JSON null is Kusto's dynamic null")
  }

  @Test("translated regexes keep RE2 meaning")
  func regexes() throws {
    let database = try ExecutionDatabase(
      named: "regex_meaning",
      rows: """
        INSERT INTO ev (id, name) VALUES (1, 'run cmd.exe now'), (2, 'xcmd.exe'), (3, E'a\\nc'), (4, 'abc'),
          (5, 'CMD.EXE');
        """)
    func matching(_ pattern: String, caseSensitive: Bool = true) throws -> [Int64] {
      try database.ids(
        where: F.predicate(.matchesRegex(caseSensitive: caseSensitive), Self.name, F.text(pattern)))
    }
    #expect(try matching("\\bcmd\\.exe\\b") == [1])
    #expect(try matching("(?i)\\bcmd\\.exe\\b") == [1, 5])
    #expect(try matching("^a.c$") == [4])
    #expect(try matching("(?s)^a.c$") == [3, 4])
    #expect(try matching("\\x41|\\x{62}c") == [4])
    #expect(try matching("cmd", caseSensitive: false) == [1, 2, 5])
    #expect(try matching("^.*?cmd(.*)$") == [1, 2])
    let sorted = Relation.sort(
      Self.scan, [SortKey(expression: F.long("id"), ascending: true, nullsFirst: false)])
    func extracted(_ pattern: String, _ group: Int64) throws -> [String?] {
      let value = ScalarExpression.call(
        .extractRegex, [F.text(pattern), .literal(.long(group)), Self.name], type: .string)
      return try database.rows(.project(sorted, [NamedExpression(name: "v", expression: value)]))
        .map { $0[0] }
    }
    #expect(try extracted("c(m)d\\.(\\w+)", 2) == ["exe", "exe", "", "", ""])
    #expect(try extracted("c.d", 0) == ["cmd", "cmd", "", "", ""])
    #expect(try extracted("^.*?-x (.*?)$", 1) == ["", "", "", "", ""])
  }

  @Test("conversions give null on bad input instead of failing the query")
  func conversions() throws {
    let database = try ExecutionDatabase(
      named: "conversions",
      rows: """
        INSERT INTO ev (id, name) VALUES (1, ' 12 '), (2, 'abc'), (3, '99999999999999999999'), (4, '2024-02-03T04:05:06Z'),
          (5, '2024-13-01'), (6, 'aGVsbG8='), (7, '10.1.2.3'), (8, '300.1.1.1'), (9, '1.5e3'),
          (10, 'fe80::1'), (11, 'fe80:::1'), (12, '2001:db8::');
        """)
    func column(_ function: ScalarFunction, _ type: DataType, _ extra: [ScalarExpression] = [])
      throws -> [String?]
    {
      let sorted = Relation.sort(
        Self.scan, [SortKey(expression: F.long("id"), ascending: true, nullsFirst: false)])
      let value = ScalarExpression.call(function, [Self.name] + extra, type: type)
      // Nulls stay visible: tostring(null) itself is "", as in Kusto.
      let text = ScalarExpression(
        .caseWhen(
          [WhenClause(condition: F.predicate(.isNull, value), value: .literal(.null(.string)))],
          otherwise: .call(.toString, [value], type: .string)), type: .string)
      return try database.rows(.project(sorted, [NamedExpression(name: "v", expression: text)])).map { $0[0] }
    }
    #expect(
      try column(.toLong, .long) == ["12", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil])
    let reals = try column(.toReal, .real)
    #expect([reals[0], reals[1], reals[8]] == ["12", nil, "1500"])
    #expect(reals[3...7].allSatisfy { $0 == nil })
    #expect(try column(.toDatetime, .datetime)[3] == "2024-02-03T04:05:06Z")
    #expect(try column(.toDatetime, .datetime)[4] == nil)
    let sorted = Relation.sort(
      Self.scan, [SortKey(expression: F.long("id"), ascending: true, nullsFirst: false)])
    let nullText = ScalarExpression.call(
      .toString, [.call(.toLong, [Self.name], type: .long)], type: .string)
    #expect(
      try database.rows(.project(sorted, [NamedExpression(name: "v", expression: nullText)]))
        .map { $0[0] }.prefix(2) == ["12", ""])
    #expect(try column(.base64DecodeToString, .string)[5] == "hello")
    let parsed = try column(.toDynamic, .dynamic)
    #expect(Array(parsed[0...3]) == ["12", "abc", "99999999999999999999", "2024-02-03T04:05:06Z"])
    #expect(try column(.base64DecodeToString, .string)[1] == nil)
    #expect(
      try column(.base64DecodeToString, .string)[2] == nil, "decodes to bytes that are not UTF-8")
    #expect(try column(.ipv4IsPrivate, .bool)[6...7] == ["true", nil])
    #expect(try column(.ipv4IsInRange, .bool, [F.text("10.0.0.0/8")])[6...7] == ["true", nil])
    // XQL's incidr answers false where KQL's ipv4_is_in_range (above) answers null.
    #expect(
      try column(.inCIDR, .bool, [F.text("192.168.0.0/16, 10.1.2.0/24")])[6...7] == ["true", "false"])
    #expect(
      try column(.inCIDR, .bool, [F.text("10.0.0.0/8,fe80::/10")])[6...11] == [
        "true", "false", "false", "true", "false", "false",
      ])
  }

  @Test("time functions read UTC whatever the session time zone")
  func time() throws {
    let database = try ExecutionDatabase(
      named: "time_functions", rows: "INSERT INTO ev (id, t) VALUES (1, '2024-03-06 23:30:00+00');")
    let t = ScalarExpression.column("t", .datetime)
    func value(_ expression: ScalarExpression) throws -> String? {
      let text = ScalarExpression.call(.toString, [expression], type: .string)
      return try database.rows(.project(Self.scan, [NamedExpression(name: "v", expression: text)]))
        .first?[0]
    }
    #expect(try value(.call(.startOfDay, [t], type: .datetime)) == "2024-03-06T00:00:00Z")
    #expect(try value(.call(.startOfWeek, [t], type: .datetime)) == "2024-03-03T00:00:00Z")
    #expect(
      try value(
        .call(.bin, [t, .literal(.timespan(microseconds: 7 * 86_400_000_000))], type: .datetime))
        == "2024-03-04T00:00:00Z")
    #expect(try value(.call(.getMonth, [t], type: .int)) == "3")
    #expect(try value(.call(.hourOfDay, [t], type: .int)) == "23")
    #expect(
      try value(
        .call(
          .datetimeDiff,
          [F.text("day"), t, .literal(.datetime(microseconds: 1_709_596_800_000_000))], type: .long)
      ) == "1")
    #expect(
      try value(.call(.formatDatetime, [t, F.text("yyyy-MM-dd HH:mm:ss.fff")], type: .string))
        == "2024-03-06 23:30:00.000")
    #expect(try value(.call(.now, [], type: .datetime)) == "2023-11-14T22:13:20Z")
  }

  /// Kusto's documented `datetime_diff` examples: part, later, earlier, result.
  static let datetimeDifferences: [(String, String, String, String)] = [
    ("year", "2017-01-01", "2000-12-31", "17"),
    ("quarter", "2017-07-01", "2017-03-30", "2"),
    ("month", "2017-01-01", "2015-12-30", "13"),
    ("week", "2017-10-29 00:00", "2017-09-30 23:59", "5"),
    ("day", "2017-10-29 00:00", "2017-09-30 23:59", "29"),
    ("hour", "2017-10-31 01:00", "2017-10-30 23:59", "2"),
    ("minute", "2017-10-30 23:05:01", "2017-10-30 23:00:59", "5"),
    ("second", "2017-10-30 23:00:10.100", "2017-10-30 23:00:00.900", "10"),
    ("millisecond", "2017-10-30 23:00:00.008", "2017-10-30 23:00:00.009", "-1"),
  ]

  @Test(
    "datetime_diff counts calendar boundaries as Kusto documents", arguments: datetimeDifferences)
  func datetimeDiff(_ part: String, _ later: String, _ earlier: String, _ expected: String) throws {
    let database = try ExecutionDatabase(named: "datetime_diff", rows: "")
    let values = Relation.values(
      columns: [OutputColumn(name: "a", type: .string), OutputColumn(name: "b", type: .string)],
      rows: [[.string(later), .string(earlier)]])
    func time(_ name: String) -> ScalarExpression {
      .call(.toDatetime, [.column(name, .string)], type: .datetime)
    }
    let difference = ScalarExpression.call(
      .datetimeDiff, [F.text(part), time("a"), time("b")], type: .long)
    #expect(
      try database.rows(.project(values, [NamedExpression(name: "d", expression: difference)])) == [
        [expected]
      ])
  }

  static let calendarDates: [(String, String?)] = [
    ("2024-02-29", "2024-02-29T00:00:00Z"), ("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"),
    ("2023-02-29", nil), ("2100-02-29", nil), ("1900-02-29 01:02", nil), ("2024-02-30T00:00:00+01:00", nil),
    ("2024-04-31", nil), ("2024-04-30 10:00", "2024-04-30T10:00:00Z"), ("2024-12-31", "2024-12-31T00:00:00Z"),
    ("2024-09-31T10:00:00Z", nil), ("0000-01-01", nil), ("0001-01-01", "0001-01-01T00:00:00Z"),
  ]

  @Test("todatetime of a date that does not exist is null, not a query error", arguments: calendarDates)
  func impossibleDates(_ text: String, _ expected: String?) throws {
    let database = try ExecutionDatabase(named: "calendar_dates", rows: "")
    let values = Relation.values(columns: [OutputColumn(name: "a", type: .string)], rows: [[.string(text)]])
    let converted = ScalarExpression.call(.toDatetime, [.column("a", .string)], type: .datetime)
    let shown = ScalarExpression(
      .caseWhen(
        [WhenClause(condition: F.predicate(.isNull, converted), value: .literal(.null(.string)))],
        otherwise: .call(.toString, [converted], type: .string)), type: .string)
    #expect(try database.rows(.project(values, [NamedExpression(name: "t", expression: shown)])) == [[expected]])
  }

  @Test("format_datetime follows Kusto's specifiers")
  func formatDatetime() throws {
    let database = try ExecutionDatabase(named: "format_datetime", rows: "")
    let values = Relation.values(
      columns: [OutputColumn(name: "t", type: .datetime)],
      rows: [[.datetime(microseconds: 1_450_058_584_123_450)]])
    func formatted(_ format: String) throws -> String? {
      let text = ScalarExpression.call(
        .formatDatetime, [.column("t", .datetime), F.text(format)], type: .string)
      return try database.rows(.project(values, [NamedExpression(name: "v", expression: text)]))
        .first?[0]
    }
    #expect(try formatted("y-M-d h:m:s.fffffff") == "15-12-14 2:3:4.1234500")
    #expect(try formatted("yyyy-MM-dd [HH:mm:ss]") == "2015-12-14 [02:03:04]")
  }

  @Test("windows, inline rows and ranges")
  func windowsValuesRanges() throws {
    let database = try ExecutionDatabase(
      named: "windows", rows: "INSERT INTO ev (id, n) VALUES (1, 10), (2, 20), (3, 30);")
    let byId = SortKey(expression: F.long("id"), ascending: true, nullsFirst: false)
    let window = Relation.window(
      .sort(Self.scan, [byId]),
      [
        NamedWindowExpression(
          name: "rank",
          expression: WindowExpression(
            function: .rowNumber, arguments: [], partitionBy: [], orderBy: [], type: .long)),
        NamedWindowExpression(
          name: "before",
          expression: WindowExpression(
            function: .previous(offset: 1), arguments: [F.long("n"), .literal(.long(-1))],
            partitionBy: [], orderBy: [byId],
            type: .long)),
      ])
    let rows = try database.rows(
      .project(
        window,
        [
          NamedExpression(name: "rank", expression: F.long("rank")),
          NamedExpression(name: "before", expression: F.long("before")),
        ]))
    #expect(rows == [["1", "-1"], ["2", "10"], ["3", "20"]])
    let values = Relation.values(
      columns: [OutputColumn(name: "a", type: .string), OutputColumn(name: "b", type: .long)],
      rows: [[.string("x'); DROP TABLE ev; --"), .long(1)], [.null(.string), .long(2)]])
    #expect(try database.rows(values) == [["x'); DROP TABLE ev; --", "1"], [nil, "2"]])
    let range = Relation.range(
      name: "x", start: .literal(.long(1)), stop: .literal(.long(7)), step: .literal(.long(3)))
    #expect(try database.rows(range) == [["1"], ["4"], ["7"]])
  }

  @Test(
    "make_bag merges bags; timespans print and parse as Kusto's d.hh:mm:ss.fffffff; real division by zero"
  )
  func bagsAndTimespans() throws {
    let database = try ExecutionDatabase(
      named: "bags_timespans",
      rows: """
        INSERT INTO ev (id, device, tags, name) VALUES (1, 'a', '{"x": 1}', '1.02:03:04.5'), (2, 'a', '{"y": "z"}', '-00:30'),
          (3, 'a', '[1]', 'soon'), (4, 'b', NULL, '12:00:00');
        """)
    let bag = Relation.aggregate(
      Self.scan, groupBy: [NamedExpression(name: "device", expression: F.string("device"))],
      aggregates: [
        NamedAggregate(
          name: "bag",
          call: AggregateCall(
            function: .makeBag, arguments: [.column("tags", .dynamic)], type: .dynamic))
      ])
    let bags = try database.rows(
      .sort(bag, [SortKey(expression: F.string("device"), ascending: true, nullsFirst: false)]))
    #expect(bags == [["a", "{\"x\": 1, \"y\": \"z\"}"], ["b", "{}"]])
    let sorted = Relation.sort(
      Self.scan, [SortKey(expression: F.long("id"), ascending: true, nullsFirst: false)])
    let roundTrip = ScalarExpression.call(
      .toString, [.call(.toTimespan, [Self.name], type: .timespan)], type: .string)
    let texts = try database.rows(
      .project(sorted, [NamedExpression(name: "v", expression: roundTrip)])
    ).map { $0[0] }
    #expect(texts == ["1.02:03:04.5000000", "-00:30:00", "", "12:00:00"])
    let ratio = ScalarExpression.call(
      .toString,
      [
        .call(
          .divide, [.call(.toReal, [F.long("id")], type: .real), .literal(.real(0))], type: .real)
      ],
      type: .string)
    let ratios = try database.rows(
      .project(sorted, [NamedExpression(name: "v", expression: ratio)])
    ).map { $0[0] }
    #expect(ratios == ["Infinity", "Infinity", "Infinity", "Infinity"])
  }

  @Test("a 5,000-term or chain runs")
  func longChain() throws {
    let database = try ExecutionDatabase(
      named: "long_chain", rows: "INSERT INTO ev (id, name) VALUES (1, 'f4321'), (2, 'g');")
    let terms = (0..<5_000).map {
      F.predicate(.contains(caseSensitive: false), Self.name, F.text("F\($0)"))
    }
    #expect(try database.ids(where: .call(.or, terms, type: .bool)) == [1])
  }
}
