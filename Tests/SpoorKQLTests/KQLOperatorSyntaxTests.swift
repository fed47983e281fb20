import SpoorPostgres
import SpoorTestSupport
import Testing

/// Operator spellings and syntax from Kusto's documentation, run on real PostgreSQL with exact rows: the legacy
/// `mvexpand`, bracketed names in parse patterns and member chains, and tuple names for `arg_max`/`arg_min`.
@Suite("KQL operator syntax", .serialized)
struct KQLOperatorSyntaxTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_operator_syntax"))
  }

  /// The rows of a query as text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: 1_767_225_600_000_000, on: connection).rows
  }

  /// The rendered diagnostics of a query that must not translate.
  func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  @Test("mvexpand is the legacy spelling of mv-expand")
  func legacyMvexpand() throws {
    #expect(
      try rows(
        "datatable(k:string, a:dynamic)['x', dynamic([1, 2]), 'y', dynamic([])] | mvexpand a | project k, a")
        == [["x", "1"], ["x", "2"]])
    #expect(
      try rows(
        "datatable(k:string, a:dynamic)['x', dynamic(['p', 'q'])] | mvexpand with_itemindex=i v = a to typeof(string) | project k, v, i"
      ) == [["x", "p", "0"], ["x", "q", "1"]])
  }

  @Test("bracketed names in a parse pattern and in a member chain")
  func bracketedNames() throws {
    let result = try TranslationHarness.run(
      #"datatable(s:string)['user=bob id=42'] | parse s with "user=" ['User Name'] " id=" ['Id']:long | project ['User Name'], Id"#,
      language: .kql, now: 0, on: connection)
    #expect(result.columns == ["User Name", "Id"])
    #expect(result.rows == [["bob", "42"]])
    #expect(
      try rows(#"print v = tostring(dynamic({"a b": {"c": 7}}).['a b'].c)"#) == [["7"]])
  }

  @Test("summarize (a, b) = arg_max(…) names the maximised value and the returned columns in order")
  func tupleNamesForArgMax() throws {
    let table = "datatable(d:string, t:long, f:string)['d1', 1, 'a', 'd1', 3, 'b', 'd2', 2, 'c']"
    let result = try TranslationHarness.run(
      table + " | summarize (Last, File) = arg_max(t, f) by d | sort by d asc", language: .kql, now: 0,
      on: connection)
    #expect(result.columns == ["d", "Last", "File"])
    #expect(result.rows == [["d1", "3", "b"], ["d2", "2", "c"]])
    #expect(
      try rows(table + " | summarize (First, File, Device) = arg_min(t, f, d)") == [["1", "a", "d1"]])
    #expect(
      failure(table + " | summarize (Last) = arg_max(t, f) by d").contains(
        "the tuple names 1 columns but the aggregate returns 2"))
    #expect(failure(table + " | extend (a, b) = t").contains("tuple assignment"))
  }

  @Test("tuples beside other aggregates: arg_max, arg_min and percentiles name their columns in order")
  func tupleNamesBesideAggregates() throws {
    let table = "datatable(d:string, t:long, f:string)['d1', 1, 'a', 'd1', 3, 'b', 'd2', 2, 'c']"
    let result = try TranslationHarness.run(
      table
        + " | summarize (Last, File) = arg_max(t, f), n = count(), (First, FirstFile) = arg_min(t, f) by d | sort by d asc",
      language: .kql, now: 0, on: connection)
    #expect(result.columns == ["d", "Last", "File", "n", "First", "FirstFile"])
    #expect(result.rows == [["d1", "3", "b", "2", "1", "a"], ["d2", "2", "c", "1", "2", "c"]])
    let percentiles = try TranslationHarness.run(
      table + " | summarize (Low, High) = percentiles(t, 0, 100), c = count()", language: .kql, now: 0,
      on: connection)
    #expect(percentiles.columns == ["Low", "High", "c"])
    #expect(percentiles.rows == [["1", "3", "3"]])
    #expect(
      failure(table + " | summarize (a, b) = percentiles(t, 50), count()").contains(
        "the tuple names 2 columns but the aggregate returns 1"))
    #expect(failure(table + " | summarize (a, b) = count() * 2").contains("tuple assignment"))
    // A tuple on a function Spoor refuses gives that function's reason.
    #expect(
      failure("print s = dynamic([1, 2, 3]) | extend (flag, score, baseline) = series_decompose_anomalies(s)")
        .contains("series_decompose_anomalies"))
  }

  @Test("table(name): a literal, a scalar let or a function's parameter names the table")
  func tableByName() throws {
    let data = "let Logins = datatable(u:string, n:long)['a', 1, 'b', 2, 'c', 3]; "
    #expect(try rows(data + "table('Logins') | where n > 1 | project u") == [["b"], ["c"]])
    #expect(try rows(data + "let name = 'Logins'; table(name) | count") == [["3"]])
    #expect(
      try rows(data + "let Top = (t:string, k:long) { table(t) | top k by n desc | project u }; Top('Logins', 2)")
        == [["c"], ["b"]])
    #expect(try rows(data + "table('Logins', 'all') | summarize sum(n)") == [["6"]])
    #expect(try rows("table('DeviceProcessEvents') | count") == [["0"]])
    #expect(failure(data + "table('Logins', 'hotcache') | count").contains("Spoor has no hot cache"))
    #expect(failure("datatable(s:string)['x'] | extend c = 1 | union (table(s))").contains("table()'s argument"))
    #expect(failure("table('DeviceProcesEvents') | count").contains("DeviceProcessEvents"))
  }

  @Test("a name pattern may end in digits: project-away *1 drops the columns a join renamed")
  func patternsWithDigits() throws {
    let left = "datatable(Id:string, Name:string)['a', 'left-a', 'b', 'left-b']"
    let right = "datatable(Id:string, Name:string, Seen:long)['a', 'right-a', 3]"
    let joined = try TranslationHarness.run(
      left + " | join kind=inner (" + right + ") on Id | project-away *1", language: .kql, now: 0, on: connection)
    #expect(joined.columns == ["Id", "Name", "Seen"])
    #expect(joined.rows == [["a", "left-a", "3"]])
    let kept = try TranslationHarness.run(
      left + " | join kind=inner (" + right + ") on Id | project-keep Name*1", language: .kql, now: 0,
      on: connection)
    #expect(kept.columns == ["Name1"])
    #expect(kept.rows == [["right-a"]])
  }

  @Test("join output names: right clashes get 1, $left/$right keys keep both, semi and anti keep one side")
  func joinOutputNames() throws {
    let left = "datatable(AccountObjectId:string, Name:string)['u1', 'alice', 'u2', 'bob']"
    let right = "datatable(UserId:string, Name:string, SeenBy:long)['u1', 'x', 2]"
    let inner = try TranslationHarness.run(
      left + " | join kind=leftouter (" + right
        + ") on $left.AccountObjectId == $right.UserId | project AccountObjectId, UserId, Name, Name1, SeenBy | sort by AccountObjectId asc",
      language: .kql, now: 0, on: connection)
    #expect(inner.rows == [["u1", "u1", "alice", "x", "2"], ["u2", "", "bob", "", nil]])
    #expect(
      try rows(left + " | join kind=leftsemi (" + right + ") on $left.AccountObjectId == $right.UserId") == [
        ["u1", "alice"]
      ])
    #expect(
      try rows(left + " | join kind=rightanti (" + right + ") on $left.AccountObjectId == $right.UserId").isEmpty)
    #expect(
      failure(left + " | join kind=leftanti (" + right + ") on $left.AccountObjectId == $right.UserId | project SeenBy")
        .contains("unknown column 'SeenBy'"))
  }

  @Test("has_any and has_all over a tabular argument match whole terms of each row's value")
  func hasAnyAllOverTables() throws {
    let urls =
      "datatable(u:string)['http://evil.com/x', 'notevil.community', 'a bad day', 'badge', 'x.y+z', 'ports 445']"
    #expect(
      try rows(
        "let IOCs = datatable(t:string)['evil.com', 'BAD', 'y+z']; " + urls + " | where u has_any (IOCs) | project u")
        == [["http://evil.com/x"], ["a bad day"], ["x.y+z"]])
    #expect(
      try rows(urls + " | where u has_all ((datatable(t:string)['a', 'DAY'])) | project u") == [["a bad day"]])
    #expect(try rows(urls + " | where u has_any ((datatable(p:long)[445])) | project u") == [["ports 445"]])
    #expect(
      try rows(urls + " | where u has_any ((datatable(t:string)['x'] | where t == 'y')) | count") == [["0"]])
    #expect(
      try rows(urls + " | where u has_all ((datatable(t:string)['x'] | where t == 'y')) | count") == [["6"]])
  }

  @Test("a view() in let is a function without parameters, usable by its bare name")
  func viewInLet() throws {
    #expect(
      try rows(
        "let Small = view () { datatable(n:long)[1, 5, 9] | where n < 6 }; Small | join kind=inner (Small | project m = n) on $left.n == $right.m | sort by n asc | project n"
      ) == [["1"], ["5"]])
  }

  @Test("regex flags after the start of a pattern hold to the end of their group")
  func inlineRegexFlags() throws {
    let names = "datatable(s:string)['CMD.exe', 'cmd.EXE', 'Cmd.exe', 'Cmd.exe\\nx']"
    #expect(
      try rows(names + #" | where s matches regex @"^C(?i)md\.exe$" | project s"#) == [["CMD.exe"], ["Cmd.exe"]])
    #expect(
      try rows(names + #" | where s matches regex @"^(?i:cmd)\.exe" | project s"#) == [
        ["CMD.exe"], ["Cmd.exe"], ["Cmd.exe\nx"],
      ])
    #expect(failure(names + #" | where s matches regex @"a(?-i)b""#).contains("inline regex flag '-'"))
  }

  @Test("mv-apply runs join, lookup and union with other tables on each row's elements")
  func mvApplyWithJoinAndUnion() throws {
    let rowsTable = "datatable(d:string, hashes:dynamic)['d1', dynamic(['aa', 'zz']), 'd2', dynamic(['bb'])]"
    let known = "let Known = datatable(h:string, name:string)['aa', 'good', 'bb', 'fine'];"
    #expect(
      try rows(
        known + rowsTable
          + " | mv-apply h = hashes to typeof(string) on (join kind=leftouter Known on h | project h, name) | sort by d asc, h asc | project d, h, name"
      ) == [["d1", "aa", "good"], ["d1", "zz", ""], ["d2", "bb", "fine"]])
    #expect(
      try rows(
        known + rowsTable
          + " | mv-apply h = hashes to typeof(string) on (lookup Known on h | where isnotempty(name)) | sort by d asc | project d, name"
      ) == [["d1", "good"], ["d2", "fine"]])
    #expect(
      try rows(
        "datatable(d:string, a:dynamic)['d1', dynamic([1, 2]), 'd2', dynamic([5])] | mv-apply x = a to typeof(long) on (union (datatable(x:long)[100]) | summarize s = sum(x)) | sort by d asc | project d, s"
      ) == [["d1", "103"], ["d2", "105"]])
  }
}
