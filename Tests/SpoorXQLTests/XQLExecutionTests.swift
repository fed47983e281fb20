import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPlan
import SpoorPostgres
import SpoorSQL
import SpoorTestSupport
import Testing

@testable import SpoorXQL

/// XQL run on real PostgreSQL over fixture `xdr_data` rows: exact rows, in order.
///
/// Rows e1–e3 are the seed hunt's true positives (python.exe / run.py starting notepad.exe, calc.exe or svchost.exe on
/// Windows as PROCESS / PROCESS_START, in any case); e4–e9 are near misses (other child, other parent, other event
/// type, other sub-type, other OS, look-alike names).
@Suite("XQL execution", .serialized)
struct XQLExecutionTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let fixture = """
    INSERT INTO public.xdr_data ("event_id", "_time", "agent_id", "agent_hostname", "agent_os_type", "event_type",
      "event_sub_type", "actor_process_image_name", "action_process_image_name", "action_process_image_path",
      "action_process_image_command_line", "action_remote_ip") VALUES
    ('e1', '2026-01-01 00:01:00+00', 'a1', 'WS01', 'AGENT_OS_WINDOWS', 'PROCESS', 'PROCESS_START', 'python.exe',
      'notepad.exe', 'C:\\Windows\\System32\\notepad.exe', 'notepad.exe C:\\Temp\\a.txt', NULL),
    ('e2', '2026-01-01 00:02:00+00', 'a1', 'WS01', 'AGENT_OS_WINDOWS', 'PROCESS', 'PROCESS_START', 'RUN.PY',
      'Calc.EXE', 'C:\\Windows\\System32\\calc.exe', 'calc', '10.1.2.3'),
    ('e3', '2026-01-01 00:03:00+00', 'a2', 'WS02', 'AGENT_OS_WINDOWS', 'PROCESS', 'PROCESS_START', 'Python.exe',
      'SVCHOST.exe', 'C:\\Windows\\System32\\svchost.exe', 'svchost.exe -k netsvcs', '192.168.1.5'),
    ('e4', '2026-01-01 00:04:00+00', 'a2', 'WS02', 'AGENT_OS_WINDOWS', 'PROCESS', 'PROCESS_START', 'python.exe',
      'cmd.exe', 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c whoami', '8.8.8.8'),
    ('e5', '2026-01-01 00:05:00+00', 'a3', 'ws03', 'AGENT_OS_WINDOWS', 'PROCESS', 'PROCESS_START', 'explorer.exe',
      'notepad.exe', 'C:\\Program Files\\notepad.exe', 'NOTEPAD', 'fe80::1'),
    ('e6', '2026-01-01 00:06:00+00', 'a3', 'ws03', 'AGENT_OS_WINDOWS', 'FILE', 'FILE_WRITE', 'python.exe',
      'notepad.exe', 'C:\\Users\\bob\\AppData\\Local\\Temp\\notepad.exe', 'x', '2001:db8::1'),
    ('e7', '2026-01-01 00:07:00+00', 'a1', 'WS01', 'AGENT_OS_WINDOWS', 'PROCESS', 'PROCESS_STOP', 'python.exe',
      'notepad.exe', 'D:\\tools\\notepad.exe', '', NULL),
    ('e8', '2026-01-01 00:08:00+00', 'a4', 'lnx1', 'AGENT_OS_LINUX', 'PROCESS', 'PROCESS_START', 'python.exe',
      'notepad.exe', '/usr/bin/notepad.exe', 'notepad 100%_done', 'not-an-ip'),
    ('e9', '2026-01-01 00:09:00+00', 'a4', 'lnx1', 'AGENT_OS_WINDOWS', 'PROCESS', 'PROCESS_START', 'pythonw.exe',
      'notepad.exe.bak', 'C:\\Windows\\notepad.exe.bak', 'pythonw -c x', '10.255.255.255');
    UPDATE public.xdr_data SET "action_module_file_info" =
      '{"company": "Microsoft", "names": ["a", "b"], "file.info": {"size": 5}}' WHERE "event_id" = 'e1'
    """

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "xql_execution"))
    try connection.executeScript(Self.fixture)
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ xql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(xql, language: .xql, now: Self.now, on: connection)
  }

  @Test("the seed hunt returns exactly its true positives, with its fields, newest first")
  func seedHunt() throws {
    let seed = try XQLTranslationTests.goldens.query("seed_hunt")
    let (columns, rows) = try run(seed)
    #expect(
      columns == [
        "_time", "agent_hostname", "actor_effective_username", "action_process_image_name", "action_process_image_path",
        "action_process_image_command_line", "actor_process_image_name", "actor_process_image_path",
        "actor_process_command_line", "causality_actor_process_command_line", "causality_actor_primary_username",
        "causality_actor_process_image_sha256", "event_id", "agent_id", "_product",
      ])
    let eventID = columns.firstIndex(of: "event_id") ?? 0
    #expect(rows.map { $0[eventID] } == ["e3", "e2", "e1"])
    #expect(rows.first.map { [$0[1], $0[3], $0[6], $0[13]] } == ["WS02", "SVCHOST.exe", "Python.exe", "a2"])
  }

  /// Queries whose answer is a list of event ids (or other single cells), in order.
  @Test(
    "operators and stages give exact rows",
    arguments: [
      // case_sensitive both ways
      (#"dataset = xdr_data | filter action_process_image_name = "calc.exe" | fields event_id"#, ["e2"]),
      (
        #"config case_sensitive = true | dataset = xdr_data | filter action_process_image_name = "calc.exe" | fields event_id"#,
        []
      ),
      (
        #"config case_sensitive = true | dataset = xdr_data | filter action_process_image_name = "Calc.EXE" | fields event_id"#,
        ["e2"]
      ),
      (
        #"dataset = xdr_data | filter action_process_image_command_line contains "NOTEPAD" | fields event_id | sort asc event_id"#,
        ["e1", "e5", "e8"]
      ),
      (
        #"config case_sensitive = true | dataset = xdr_data | filter action_process_image_command_line contains "NOTEPAD" | fields event_id"#,
        ["e5"]
      ),
      // wildcards: leading, trailing, inner, raw backslashes, literal % and _
      (
        #"dataset = xdr_data | filter action_process_image_path = "*\notepad.exe" | fields event_id | sort asc event_id"#,
        ["e1", "e5", "e6", "e7"]
      ),
      (
        #"dataset = xdr_data | filter action_process_image_path = "c:\windows\*" | fields event_id | sort asc event_id"#,
        ["e1", "e2", "e3", "e4", "e9"]
      ),
      (#"dataset = xdr_data | filter action_process_image_path = "C:\Users\*\Temp\*" | fields event_id"#, ["e6"]),
      (
        #"dataset = xdr_data | filter action_process_image_path contains "\System32\" | fields event_id | sort asc event_id"#,
        ["e1", "e2", "e3", "e4"]
      ),
      (#"dataset = xdr_data | filter action_process_image_command_line = "*100%_done" | fields event_id"#, ["e8"]),
      (#"dataset = xdr_data | filter action_process_image_command_line = "*100__done" | fields event_id"#, []),
      (
        #"config case_sensitive = true | dataset = xdr_data | filter action_process_image_path = "c:\windows\*" | fields event_id"#,
        []
      ),
      (
        #"dataset = xdr_data | filter action_process_image_name in ("CMD.EXE", "*.bak", "svchost.exe") | fields event_id | sort asc event_id"#,
        ["e3", "e4", "e9"]
      ),
      (
        #"dataset = xdr_data | filter action_process_image_path != "*\notepad.exe" | fields event_id | sort asc event_id"#,
        ["e2", "e3", "e4", "e8", "e9"]
      ),
      // ENUM constants, bare constants and strings against ENUM fields
      // a `\"` in a regex class is a quote of the pattern (closing there would leave `]+$"`, which never closes)
      (
        #"dataset = xdr_data | filter action_process_image_command_line ~= "^[^\"]+ /c [^\"]+$" | fields event_id"#,
        ["e4"]
      ),
      (#"dataset = xdr_data | filter event_type = ENUM.FILE | fields event_id"#, ["e6"]),
      (#"dataset = xdr_data | filter event_sub_type = PROCESS_STOP | fields event_id"#, ["e7"]),
      (#"dataset = xdr_data | filter agent_os_type = "agent_os_linux" | fields event_id"#, ["e8"]),
      (#"preset = xdr_file | fields event_id"#, ["e6"]),
      // incidr (non-IP text never errors)
      (
        #"dataset = xdr_data | filter action_remote_ip incidr "10.0.0.0/8, 192.168.0.0/16" | fields event_id | sort asc event_id"#,
        ["e2", "e3", "e9"]
      ),
      (
        #"dataset = xdr_data | filter action_remote_ip incidr "0.0.0.0/0" and action_remote_ip not incidr "10.0.0.0/8" | fields event_id | sort asc event_id"#,
        ["e3", "e4"]
      ),
      (#"dataset = xdr_data | filter action_remote_ip incidr6 "fe80::/10" | fields event_id"#, ["e5"]),
      (
        #"dataset = xdr_data | filter incidr(action_remote_ip, "2001:db8::/32, 8.8.8.0/24") | fields event_id | sort asc event_id"#,
        ["e4", "e6"]
      ),
      // incidr answers true or false, never null: another family, non-address text and null are not in the range
      (
        #"dataset = xdr_data | filter not (action_remote_ip incidr "::1/128" or action_remote_ip incidr "127.0.0.0/8") | fields event_id | sort asc event_id"#,
        ["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"]
      ),
      (
        #"dataset = xdr_data | filter action_remote_ip not incidr6 "fe80::/10" | fields event_id | sort asc event_id"#,
        ["e1", "e2", "e3", "e4", "e6", "e7", "e8", "e9"]
      ),
      (
        #"dataset = xdr_data | filter action_remote_ip not incidr "10.0.0.0/8, 2001:db8::/32" | fields event_id | sort asc event_id"#,
        ["e1", "e3", "e4", "e5", "e7", "e8"]
      ),
      (
        #"dataset = xdr_data | alter v = to_string(incidr(action_remote_ip, "fe80::/10")) | comp count() as n by v | sort asc v | fields v"#,
        ["false", "true"]
      ),
      // nulls, and three-valued negation
      (#"dataset = xdr_data | filter action_remote_ip = null | fields event_id | sort asc event_id"#, ["e1", "e7"]),
      (
        #"dataset = xdr_data | filter action_remote_ip not contains "10." | fields event_id | sort asc event_id"#,
        ["e3", "e4", "e5", "e6", "e8"]
      ),
      (#"dataset = xdr_data | filter action_process_image_command_line = "" | fields event_id"#, ["e7"]),
      // regex: case-sensitive unless (?i)
      (
        #"dataset = xdr_data | filter action_process_image_command_line ~= "^cmd\.exe /c \w+$" | fields event_id"#,
        ["e4"]
      ),
      (#"dataset = xdr_data | filter action_process_image_command_line ~= "^notepad$" | fields event_id"#, []),
      (#"dataset = xdr_data | filter action_process_image_command_line ~= "(?i)^notepad$" | fields event_id"#, ["e5"]),
      // sort, limit, timeframe, union
      (#"dataset = xdr_data | sort desc _time | limit 2 | fields event_id"#, ["e9", "e8"]),
      (
        #"config timeframe = 5m | dataset = xdr_data | fields event_id | sort asc event_id"#,
        ["e5", "e6", "e7", "e8", "e9"]
      ),
      (
        #"preset = xdr_file | fields event_id | union (dataset = xdr_data | filter event_sub_type = ENUM.PROCESS_STOP | fields event_id) | sort asc event_id"#,
        ["e6", "e7"]
      ),
      (
        #"dataset = xdr_data | bin _time span = 5m | comp count() as n by _time | sort asc _time | fields n"#,
        ["4", "5"]
      ),
      // arrayexpand: one row per element; limit caps the records the stage creates
      (#"dataset = xdr_data | alter arr = split("a b c") | arrayexpand arr | comp count() as n"#, ["27"]),
      (#"dataset = xdr_data | alter arr = split("a b c") | arrayexpand arr limit 4 | comp count() as n"#, ["4"]),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter arr = split("a b c") | arrayexpand arr limit 5 | fields arr | sort asc arr"#,
        ["a", "b", "c"]
      ),
      // the expanded elements are strings: `~=`, `contains` and the JSON functions read them
      (
        #"dataset = xdr_data | filter event_id = "e4" | alter arg = split(action_process_image_command_line, " ") | arrayexpand arg | filter arg ~= "^/" or arg contains "WHO" | fields arg"#,
        ["/c", "whoami"]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter o = json_extract_array(action_module_file_info, "$.names") | arrayexpand o | alter v = json_extract_scalar(o, "$") | fields v | sort desc v"#,
        ["b", "a"]
      ),
      // syntax Cortex accepts: several config options in one stage, config after the source, !~=, escaped quotes,
      // paths ending in a backslash, comments, field names in any case
      (
        #"config timeframe = 5m case_sensitive = true | dataset = xdr_data | filter action_process_image_command_line contains "notepad" | fields event_id"#,
        ["e8"]
      ),
      (
        #"config timeframe = 5m | config case_sensitive = true | dataset = xdr_data | fields event_id | sort asc event_id"#,
        ["e5", "e6", "e7", "e8", "e9"]
      ),
      (
        #"dataset = xdr_data | filter action_process_image_command_line !~= "^notepad" | fields event_id | sort asc event_id"#,
        ["e2", "e3", "e4", "e5", "e6", "e7", "e9"]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = concat("say \"hi\" ", "C:\Temp\") | fields v"#,
        [#"say "hi" C:\Temp\"#]
      ),
      (
        #"dataset = xdr_data | filter action_process_image_path in ("C:\Windows\System32\calc.exe", "D:\tools\*") | fields event_id | sort asc event_id"#,
        ["e2", "e7"]
      ),
      (
        "dataset = xdr_data // the default dataset\n| filter event_id = \"e2\" /* a block\ncomment */ | fields event_id",
        ["e2"]
      ),
      (#"dataset = xdr_data | filter Event_ID = "e3" | fields EVENT_ID as Id | filter id = "e3" | fields ID"#, ["e3"]),
      // windowcomp: row_number and lag over partitions in sort order
      (
        #"dataset = xdr_data | windowcomp row_number() by agent_id sort asc _time as n | filter n = 1 | sort asc event_id | fields event_id"#,
        ["e1", "e3", "e5", "e8"]
      ),
      (
        #"dataset = xdr_data | filter agent_id = "a1" | windowcomp lag(event_id) sort asc _time as prev | alter p = coalesce(prev, "-") | sort asc _time | fields p"#,
        ["-", "e1", "e2"]
      ),
      // functions
      (
        #"dataset = xdr_data | filter event_id = "e3" | alter v = concat(lowercase(action_process_image_name), ":", to_string(len(agent_hostname)), ":", replace(action_process_image_path, "\", "/"), ":", if(agent_os_type = ENUM.AGENT_OS_WINDOWS, "win", "other")) | fields v"#,
        ["svchost.exe:4:C:/Windows/System32/svchost.exe:win"]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e3" | alter v = concat(trim("  x  "), ":", to_string(string_count(action_process_image_command_line, "s")), ":", to_string(to_epoch(_time, "MILLIS"))) | fields v"#,
        ["x:4:1767225780000"]
      ),
      // regextract: every match, or what one group captured; no match an empty array, null stays null
      (
        #"dataset = xdr_data | filter event_id in ("e1", "e3", "e7") | alter v = regextract(action_process_image_command_line, "[a-z]+\.(exe|txt)") | sort asc event_id | fields v"#,
        [#"["exe", "txt"]"#, #"["exe"]"#, "[]"]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e4" | alter v = arrayindex(regextract(action_process_image_command_line, "/\w"), 0) | fields v"#,
        ["/c"]
      ),
      // an element of a string array is a string: string functions take it, coalesce mixes it with a JSON value
      (
        #"dataset = xdr_data | filter event_id = "e4" | alter v = uppercase(arrayindex(split(action_process_image_command_line, " "), -1)) | fields v"#,
        ["WHOAMI"]
      ),
      (
        #"dataset = xdr_data | filter event_id in ("e1", "e4") | alter v = coalesce(action_module_file_info -> company, arrayindex(regextract(action_process_image_command_line, "/(\w)"), 0)) | sort asc event_id | fields v"#,
        ["Microsoft", "c"]
      ),
      (
        #"dataset = xdr_data | filter event_id in ("e1", "e4") | alter v = coalesce(json_extract(action_module_file_info, "$.names"), "none") | sort asc event_id | fields v"#,
        [#"["a", "b"]"#, "none"]
      ),
      // a field named between backticks
      (#"dataset = xdr_data | filter `event_id` = "e4" | fields `agent_id`"#, ["a2"]),
      (
        #"dataset = xdr_data | filter event_id = "e3" | alter v = replex(action_process_image_path, "(?i)\\(system32)\\", "/\1/") | fields v"#,
        [#"C:\Windows/System32/svchost.exe"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter a = floor(-2.5), b = round(-2.5), c = round(2.49), d = floor(7) | alter v = concat(to_string(a), " ", to_string(b), " ", to_string(c), " ", to_string(d)) | fields v"#,
        ["-3 -3 2 7"]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e9" | alter t = to_timestamp(1767052800, "SECONDS") | alter v = concat(format_timestamp("%Y-%m-%d %H:%M", date_floor(t, "w")), " ", format_timestamp("%Y-%m-%d %H:%M", date_floor(_time, "h")), " ", format_timestamp("%Y-%m-%d", date_floor(t, "mo")), " ", format_timestamp("%Y-%m-%d", date_floor(t, "y"))) | fields v"#,
        ["2025-12-28 00:00 2026-01-01 00:00 2025-12-01 2025-01-01"]
      ),
      (
        #"dataset = xdr_data | filter wildcard_match(action_process_image_path, "*\system32\*") | fields event_id | sort asc event_id"#,
        ["e1", "e2", "e3", "e4"]
      ),
      (
        #"dataset = xdr_data | filter is_known_private_ipv4(action_remote_ip) | fields event_id | sort asc event_id"#,
        ["e2", "e3", "e9"]
      ),
    ] as [(String, [String])])
  func singleColumn(_ xql: String, _ expected: [String]) throws {
    let (_, rows) = try run(xql)
    #expect(rows.map { $0.first ?? nil } == expected.map { Optional($0) }, "\(xql)")
  }

  @Test("call runs a stored query with its $parameters, and later stages apply to its rows")
  func call() throws {
    let stored = XQLStoredQueries([
      "Windows processes started by": """
      dataset = xdr_data | filter event_sub_type = ENUM.PROCESS_START and actor_process_image_name = $parent
      | fields event_id, action_process_image_name, agent_hostname
      """,
      "loop": "call \"loop\"",
    ])
    let compiler = Compiler(catalog: .builtIn, storedQueries: stored)
    let (columns, rows) = try TranslationHarness.run(
      #"call "windows processes started by" parent = "python.exe" | filter agent_hostname = "ws01" | sort asc event_id"#,
      language: .xql, now: Self.now, compiler: compiler, on: connection)
    #expect(columns == ["event_id", "action_process_image_name", "agent_hostname"])
    #expect(rows.map { $0[0] } == ["e1"])
    let missing = compiler.compile(
      SourceText(name: "t", text: #"call "windows processes started by" | limit 1"#), language: .xql,
      options: CompileOptions(now: Self.now))
    #expect(missing.diagnostics.map(\.code.rawValue) == ["XQL-B021"])
    let loop = compiler.compile(
      SourceText(name: "t", text: #"call loop"#), language: .xql, options: CompileOptions(now: Self.now))
    #expect(loop.diagnostics.map(\.code.rawValue) == ["XQL-B021"])
    let unknown = compiler.compile(
      SourceText(name: "t", text: #"call "windows process""#), language: .xql, options: CompileOptions(now: Self.now))
    #expect(unknown.diagnostics.map(\.code.rawValue) == ["XQL-B020"])
  }

  @Test("replacenull fills a string field's nulls; view changes nothing but leaves a note")
  func replaceNullAndView() throws {
    let (_, rows) = try run(
      #"dataset = xdr_data | fields event_id, action_remote_ip as ip | replacenull ip = "N/A" | filter ip = "n/a" | view highlight fields = ip values = "N/A" | sort asc event_id | fields event_id"#
    )
    #expect(rows == [["e1"], ["e7"]])
    let compilation = Compiler(catalog: .builtIn).compile(
      SourceText(name: "t", text: "dataset = xdr_data | view graph type = column xaxis = agent_id yaxis = event_id"),
      language: .xql, options: CompileOptions(now: Self.now))
    #expect(compilation.succeeded)
    // A graph is kept for the console of `spoor serve` (issue 15); the note says the CLI does not draw it.
    #expect(compilation.diagnostics.map(\.code.rawValue) == ["XQL-N015"])
    #expect(compilation.plan?.render?.visualization == .columnchart)
  }

  @Test("JSON functions and arrow sugar read jsonb fields")
  func json() throws {
    let (_, rows) = try run(
      #"dataset = xdr_data | filter event_id = "e1" | alter c = action_module_file_info -> company, s = action_module_file_info -> ["file.info"].size, n = json_extract_scalar(action_module_file_info, "$.names[1]"), o = action_module_file_info -> ["file.info"] | fields c, s, n, o"#
    )
    #expect(rows == [["Microsoft", "5", "b", nil]])
  }

  @Test("json_extract gives JSON text: a string keeps its quotes, string functions take it, JSON null is null")
  func jsonExtractText() throws {
    let (_, rows) = try run(
      #"dataset = xdr_data | filter event_id = "e1" | alter c = json_extract(action_module_file_info, "$.company"), s = json_extract(action_module_file_info, "$['file.info']"), n = json_extract(object_create("k", null), "$.k") | alter u = uppercase(c), r = arrayindex(regextract(c, "(\w+)"), 0), x = json_extract_scalar(s, "$.size") | fields c, s, n, u, r, x"#
    )
    #expect(rows == [[#""Microsoft""#, #"{"size": 5}"#, nil, #""MICROSOFT""#, "Microsoft", "5"]])
    // json_extract* of to_json_string(a JSON field) reads the field: the text's spelling never shows.
    let (_, reparsed) = try run(
      #"dataset = xdr_data | filter event_id = "e1" | alter c = json_extract_scalar(to_json_string(action_module_file_info), "$.company"), n = json_extract(to_json_string(action_module_file_info), "$.names") | fields c, n"#
    )
    #expect(reparsed == [["Microsoft", #"["a", "b"]"#]])
    // to_json_string of a JSON field alone stays refused: Cortex's spelling of an object is undocumented.
    #expect(
      TranslationHarness.diagnostics(
        #"dataset = xdr_data | alter t = to_json_string(action_module_file_info)"#, language: .xql
      ).map(\.code.rawValue) == ["XQL-U003"])
  }

  @Test(
    "$name is a query parameter: its value a string from the caller, refused without one, a placeholder to validate")
  func queryParameters() throws {
    let query =
      #"dataset = xdr_data | filter agent_hostname = $host and action_process_image_command_line contains $word | fields event_id | sort asc event_id"#
    let given = QueryParameters(values: ["host": "ws01", "word": "NOTE"])
    #expect(
      try TranslationHarness.run(query, language: .xql, now: Self.now, parameters: given, on: connection).rows == [
        ["e1"]
      ])
    let refused = TranslationHarness.diagnostics(
      query, language: .xql, parameters: QueryParameters(values: ["host": "x"]))
    #expect(refused.map(\.code.rawValue) == ["XQL-B022"])
    #expect(refused.first?.span.start == 98)
    #expect(
      refused.first?.help == "give it a value, a string (`--param word=VALUE`, or `parameters` in an API request)")
    let placeholder = TranslationHarness.diagnostics(
      query, language: .xql, parameters: QueryParameters(unbound: .placeholder))
    #expect(placeholder.map(\.code.rawValue) == ["XQL-W004", "XQL-W004"])
    // `--param` arguments: the first `=` ends the name, a leading `$` is dropped.
    #expect(try QueryParameters.parse(["$host=a=b", "n="]).get() == ["host": "a=b", "n": ""])
    #expect(throws: QueryParameters.InvalidArgument.self) { try QueryParameters.parse(["=x"]).get() }
  }

  @Test("ip_to_int and int_to_ip convert IPv4 addresses; incidrlist tests a comma-separated list of addresses")
  func ipv4Conversions() throws {
    let (_, rows) = try run(
      #"dataset = xdr_data | filter event_id in ("e2", "e4", "e5", "e8", "e9") | alter n = ip_to_int(action_remote_ip) | alter back = int_to_ip(n), any10 = incidrlist(concat("8.8.4.4, ", action_remote_ip), "10.0.0.0/8") | sort asc event_id | fields event_id, n, back, any10"#
    )
    #expect(
      rows == [
        ["e2", "167838211", "10.1.2.3", "t"], ["e4", "134744072", "8.8.8.8", "f"], ["e5", nil, nil, "f"],
        ["e8", nil, nil, "f"], ["e9", "184549375", "10.255.255.255", "t"],
      ])
    let (_, edges) = try run(
      #"dataset = xdr_data | filter event_id = "e1" | alter a = int_to_ip(0), b = int_to_ip(4294967295), c = int_to_ip(4294967296), d = int_to_ip(-1), e = incidrlist("192.168.10.16,192.168.10.3", "192.168.10.0/24"), f = incidrlist("", "10.0.0.0/8") | fields a, b, c, d, e, f"#
    )
    #expect(edges == [["0.0.0.0", "255.255.255.255", nil, nil, "t", "f"]])
  }

  @Test("JSON arrow sugar reads array elements, arrays and the root array")
  func jsonArrowArrays() throws {
    let (_, rows) = try run(
      #"dataset = xdr_data | filter event_id = "e1" | alter a = action_module_file_info -> names[1], b = array_length(action_module_file_info -> names[]), c = array_length(action_module_file_info -> names{} -> []), d = action_module_file_info -> names{} -> [0], e = action_module_file_info -> [0] | fields a, b, c, d, e"#
    )
    #expect(rows == [["b", "2", "2", "a", nil]])
  }

  @Test(
    "extract_time reads every part in UTC, before and after the epoch",
    arguments: [
      ("1779025649123", ["13", "47", "29", "123", "123000", "1", "137", "2", "5", "17", "2026"]),
      ("-1500", ["23", "59", "58", "500", "500000", "4", "365", "4", "12", "31", "1969"]),
    ])
  func extractTime(_ milliseconds: String, _ expected: [String]) throws {
    let parts = [
      "HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND", "DAYOFWEEK", "DAYOFYEAR", "QUARTER", "MONTH", "DAY",
      "YEAR",
    ]
    let alters = parts.map { "p_\($0.lowercased()) = extract_time(t, \"\($0)\")" }.joined(separator: ", ")
    let (columns, rows) = try run(
      "dataset = xdr_data | filter event_id = \"e1\" | alter t = to_timestamp(\(milliseconds), \"MILLIS\") | alter \(alters)"
        + " | fields \(parts.map { "p_\($0.lowercased())" }.joined(separator: ", "))")
    #expect(columns.count == parts.count)
    #expect(rows == [expected.map { Optional($0) }])
  }

  @Test("format_timestamp shifts the wall clock by a fixed UTC offset")
  func formatTimestampZone() throws {
    let (_, rows) = try run(
      #"""
      dataset = xdr_data | filter event_id = "e3"
      | alter a = format_timestamp("%Y-%m-%d %H:%M", _time, "-05:00"), b = format_timestamp("%H:%M", _time, "+0530"),
        c = format_timestamp("%H:%M", _time, "UTC"), d = format_timestamp("%H:%M", _time, "+14")
      | fields a, b, c, d
      """#)
    #expect(rows == [["2025-12-31 19:03", "05:33", "00:03", "14:03"]])
  }

  @Test("format_timestamp with an IANA zone name follows that zone's daylight saving")
  func formatTimestampNamedZone() throws {
    let (_, rows) = try run(
      #"""
      dataset = xdr_data | filter event_id = "e3" | alter summer = to_timestamp(1751371200000, "MILLIS")
      | alter a = format_timestamp("%Y-%m-%d %H:%M", _time, "America/New_York"), b = format_timestamp("%H:%M", _time, "europe/paris"),
        c = format_timestamp("%H:%M", summer, "Europe/Paris"), d = format_timestamp("%H:%M", summer, "America/New_York"),
        e = format_timestamp("%H:%M", summer, "Asia/Kolkata")
      | fields a, b, c, d, e
      """#)
    #expect(rows == [["2025-12-31 19:03", "01:03", "14:00", "08:00", "17:30"]])
  }

  @Test("comp names aggregates as given, or <function>_<field> by default")
  func compNames() throws {
    let (columns, rows) = try run(
      "dataset = xdr_data | comp count() as n, count_distinct(agent_id) by agent_os_type | sort asc agent_os_type")
    #expect(columns == ["agent_os_type", "n", "count_distinct_agent_id"])
    #expect(rows == [["AGENT_OS_LINUX", "1", "1"], ["AGENT_OS_WINDOWS", "8", "4"]])
  }

  @Test("approx_count is computed exactly, as count_distinct")
  func approxCount() throws {
    let (columns, rows) = try run(
      "dataset = xdr_data | comp approx_count(agent_id) as hosts by agent_os_type | sort asc agent_os_type")
    #expect(columns == ["agent_os_type", "hosts"])
    #expect(rows == [["AGENT_OS_LINUX", "1"], ["AGENT_OS_WINDOWS", "4"]])
  }

  @Test("comp median is the middle value, or the mean of the two middle values")
  func compMedian() throws {
    let (columns, rows) = try run(
      #"dataset = xdr_data | alter minute = extract_time(_time, "MINUTE") | comp median(minute) by agent_id | sort asc agent_id"#
    )
    #expect(columns == ["agent_id", "median_minute"])
    #expect(rows == [["a1", "2"], ["a2", "3.5"], ["a3", "5.5"], ["a4", "8.5"]])
  }

  @Test("comp agg(*) aggregates every field but the by keys, named as the field with as *")
  func compAllFields() throws {
    let (columns, rows) = try run(
      "dataset = xdr_data | fields agent_id, event_id, agent_hostname | comp max(*) as *, count(*) by agent_id | sort asc agent_id"
    )
    #expect(columns == ["agent_id", "event_id", "agent_hostname", "count_event_id", "count_agent_hostname"])
    #expect(
      rows == [
        ["a1", "e7", "WS01", "3", "3"], ["a2", "e4", "WS02", "2", "2"], ["a3", "e6", "ws03", "2", "2"],
        ["a4", "e9", "lnx1", "2", "2"],
      ])
  }

  @Test("dedup keeps the first row per key in the order of its by field, or of the preceding sort")
  func dedup() throws {
    let latest = try run(
      "dataset = xdr_data | dedup agent_id by desc _time | fields agent_id, event_id | sort asc agent_id")
    #expect(latest.rows == [["a1", "e7"], ["a2", "e4"], ["a3", "e6"], ["a4", "e9"]])
    let earliest = try run(
      "dataset = xdr_data | dedup agent_id by asc _time | fields agent_id, event_id | sort asc agent_id")
    #expect(earliest.rows == [["a1", "e1"], ["a2", "e3"], ["a3", "e5"], ["a4", "e8"]])
    let sorted = try run("dataset = xdr_data | sort asc _time | dedup agent_id | fields agent_id, event_id")
    #expect(sorted.rows == [["a1", "e1"], ["a2", "e3"], ["a3", "e5"], ["a4", "e8"]])
  }

  @Test("comp with addrawdata = false is comp without it")
  func compWithoutRawData() throws {
    let counted = try run(
      "dataset = xdr_data | comp count() as n by agent_id addrawdata = false as raw_events | sort asc agent_id")
    #expect(counted.columns == ["agent_id", "n"])
    #expect(counted.rows == [["a1", "3"], ["a2", "2"], ["a3", "2"], ["a4", "2"]])
  }

  @Test("fields keeps _time for the stages after it (Palo Alto: it is always returned) without adding it to the output")
  func timeAfterFields() throws {
    let newest = try run("dataset = xdr_data | fields event_id, agent_id | sort desc _time | limit 3")
    #expect(newest.columns == ["event_id", "agent_id"])
    #expect(newest.rows == [["e9", "a4"], ["e8", "a4"], ["e7", "a1"]])
    let earliest = try run(
      "dataset = xdr_data | fields agent_id, event_id | dedup agent_id by asc _time | sort asc agent_id")
    #expect(earliest.columns == ["agent_id", "event_id"])
    #expect(earliest.rows == [["a1", "e1"], ["a2", "e3"], ["a3", "e5"], ["a4", "e8"]])
    let filtered = try run(
      #"dataset = xdr_data | fields event_id | filter extract_time(_time, "MINUTE") >= 8 | sort asc event_id"#)
    #expect(filtered.rows == [["e8"], ["e9"]])
    // the hidden _time is no field of `fields -` or of a pattern, and leaves with comp
    let removed = try run(
      "dataset = xdr_data | fields agent_id, event_id | fields - event_id | sort desc _time | limit 2")
    #expect(removed.columns == ["agent_id"])
    #expect(removed.rows == [["a4"], ["a4"]])
    let pattern = try run("dataset = xdr_data | fields agent_id, event_id | fields agent* | sort asc _time | limit 1")
    #expect(pattern.columns == ["agent_id"])
    #expect(pattern.rows == [["a1"]])
    let counted = try run(
      "dataset = xdr_data | fields agent_id | comp count() as n by agent_id | sort asc agent_id | limit 1")
    #expect(counted.columns == ["agent_id", "n"])
    #expect(counted.rows == [["a1", "3"]])
    // a field the inner query of a join shows under its own name stays shown
    let joined = try run(
      """
      dataset = xdr_data | fields event_id, agent_id | filter event_id = "e1"
      | join (dataset = xdr_data | filter event_id = "e2" | fields agent_id, _time) as later later.agent_id = agent_id
      """)
    #expect(joined.columns == ["event_id", "agent_id", "_time"])
    #expect(joined.rows == [["e1", "a1", "2026-01-01 00:02:00+00"]])
  }

  @Test("joins reference the inner query by its alias; left joins keep unmatched rows")
  func joins() throws {
    let inner = try run(
      """
      dataset = xdr_data | filter event_type = ENUM.PROCESS | fields event_id, agent_id
      | join (dataset = xdr_data | filter event_type = ENUM.FILE | fields agent_id, event_id as file_event) as f f.agent_id = agent_id
      | fields event_id, file_event | sort asc event_id
      """)
    #expect(inner.rows == [["e5", "e6"]])
    let left = try run(
      """
      dataset = xdr_data | filter agent_id = "a3" | fields event_id, agent_id
      | join type = left (dataset = xdr_data | filter event_type = ENUM.FILE | fields agent_id, event_id as file_event) as f f.agent_id = agent_id and f.file_event != event_id
      | fields event_id, file_event | sort asc event_id
      """)
    #expect(left.rows == [["e5", "e6"], ["e6", nil]])
  }

  @Test("join conflict_strategy = both keeps both values, renaming the inner ones _joined_10, _joined_11, …")
  func joinConflictBoth() throws {
    let (columns, rows) = try run(
      """
      dataset = xdr_data | filter agent_id = "a3" | fields event_id, agent_id
      | join conflict_strategy = both (dataset = xdr_data | filter event_type = ENUM.FILE | fields agent_id, event_id) as f f.agent_id = agent_id
      | sort asc event_id
      """)
    #expect(columns == ["event_id", "agent_id", "agent_id_joined_10", "event_id_joined_11"])
    #expect(rows == [["e5", "a3", "a3", "e6"], ["e6", "a3", "a3", "e6"]])
  }

  @Test("top counts the most frequent values with their share of all rows")
  func top() throws {
    let (columns, rows) = try run("dataset = xdr_data | top 1 agent_id")
    #expect(columns == ["agent_id", "top_count", "top_percent"])
    #expect(rows == [["a1", "3", "33.333333333333336"]])
  }
}
