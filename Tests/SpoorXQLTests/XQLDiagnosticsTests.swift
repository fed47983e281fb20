import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorSQL
import SpoorTestSupport
import Testing

@testable import SpoorXQL

/// Diagnostics: each case marks the expected position with 1️⃣ and states the exact rendered text.
@Suite("XQL diagnostics")
struct XQLDiagnosticsTests {
  /// Binds `marked` (with the 1️⃣ marker removed) and returns the diagnostics and the marker's byte offset.
  func diagnose(_ marked: String) -> (diagnostics: [Diagnostic], marker: Int, source: SourceText) {
    let marker = "1️⃣"
    let offset = marked.range(of: marker).map { marked.utf8.distance(from: marked.startIndex, to: $0.lowerBound) } ?? -1
    let text = marked.replacingOccurrences(of: marker, with: "")
    let source = SourceText(name: "hunt.xql", text: text)
    return (XQLTranslator.bind(source, catalog: .builtIn).diagnostics, offset, source)
  }

  @Test(
    "each mistake gets its code at its position",
    arguments: [
      ("dataset = xdr_data | filter 1️⃣agent_hostnme = \"x\"", "XQL-B001", "did you mean 'agent_hostname'?"),
      ("dataset = xdr_data | 1️⃣filtr agent_hostname = \"x\"", "XQL-P005", "did you mean 'filter'?"),
      ("dataset = 1️⃣xdr_dta | limit 1", "XQL-B002", "did you mean 'xdr_data'?"),
      ("preset = 1️⃣xdr_proces | limit 1", "XQL-B003", "did you mean 'xdr_process'?"),
      ("dataset = xdr_data | filter event_type = ENUM.1️⃣PROCES", "XQL-B007", "did you mean 'PROCESS'?"),
      ("dataset = xdr_data | alter x = 1️⃣lowercse(agent_hostname)", "XQL-B004", "did you mean 'lowercase'?"),
      ("dataset = xdr_data | comp 1️⃣cnt() by agent_id", "XQL-B011", "did you mean 'count'?"),
      ("dataset = xdr_data | 1️⃣getrole agent_hostname", "XQL-U001", nil),
      ("dataset = xdr_data | iploc action_remote_ip 1️⃣loc_cty", "XQL-B001", "did you mean 'loc_city'?"),
      ("dataset = xdr_data | 1️⃣target type = dataset out", "XQL-U001", nil),
      ("call 1️⃣\"saved\"", "XQL-B020", nil),
      ("dataset = xdr_data | windowcomp 1️⃣median(action_file_size) by agent_id as s", "XQL-U003", nil),
      ("dataset = xdr_data | windowcomp sum(action_file_size) sort _time 1️⃣between 1 and -1 as s", "XQL-B013", nil),
      ("dataset = xdr_data | windowcomp 1️⃣rank() by agent_id as r", "XQL-B013", nil),
      ("dataset = xdr_data | windowcomp row_number() sort asc _time 1️⃣between 0 and 1 as n", "XQL-B013", nil),
      ("dataset = xdr_data | alter x = 1️⃣json_path_extract(agent_id, \"$..a\")", "XQL-U002", nil),
      (
        "dataset = xdr_data | alter x = 1️⃣json_path_extract(agent_id, \"$.a[0]['b.c']\")", "XQL-U002",
        #"json_extract(value, "$.a[0]['b.c']") reads this path of keys and indexes (JSON text); json_extract_scalar its plain text"#
      ),
      ("dataset = xdr_data | alter x = int_to_ip(1️⃣agent_id)", "XQL-B006", nil),
      ("dataset = xdr_data | comp 1️⃣approx_top(agent_id, 5) as t", "XQL-U002", nil),
      ("dataset = xdr_data | comp 1️⃣sum(action_file_size, 4) as s", "XQL-B005", nil),
      ("dataset = xdr_data | alter x = to_json_string(1️⃣_time)", "XQL-U003", nil),
      ("dataset = xdr_data | alter x = format_string(1️⃣\"%5d\", 5)", "XQL-U003", nil),
      ("dataset = xdr_data | alter x = arrayrange(split(\"a b\"), 1️⃣2, 1)", "XQL-U003", nil),
      ("dataset = xdr_data | alter x = arraymap(1️⃣agent_id, \"@element\")", "XQL-B006", nil),
      ("dataset = xdr_data | alter x = arrayfilter(split(agent_id), 1️⃣len(\"@element\"))", "XQL-B006", nil),
      ("dataset = xdr_data | filter x = 1️⃣\"abc", "XQL-P001", nil),
      ("dataset = xdr_data | filter 1️⃣action_local_port = \"abc\"", "XQL-B006", nil),
      ("dataset = xdr_data | limit 1 | 1️⃣preset = xdr_file", "XQL-B008", nil),
      ("dataset = xdr_data | 1️⃣config case_sensitive = true", "XQL-B009", nil),
      ("dataset = xdr_data | filter agent_id 1️⃣agent_hostname", "XQL-P008", "stages are separated by '|'"),
      ("dataset = xdr_data | join (dataset = xdr_data) as j 1️⃣k.agent_id = agent_id", "XQL-B012", "did you mean 'j'?"),
      (
        "dataset = xdr_data | alter x = format_timestamp(\"%H\", _time, 1️⃣\"Europe/Pariss\")", "XQL-B015",
        "did you mean 'Europe/Paris'?"
      ),
      ("dataset = xdr_data | alter x = format_timestamp(\"%H\", _time, 1️⃣\"+15:00\")", "XQL-B015", nil),
      ("dataset = xdr_data | alter x = extract_time(_time, 1️⃣\"WEEK\")", "XQL-U003", nil),
      ("dataset = xdr_data | alter x = format_timestamp(1️⃣\"%A %H:%M\", _time)", "XQL-U003", nil),
      ("dataset = xdr_data | alter x = parse_timestamp(1️⃣\"%Y %j\", agent_id)", "XQL-U003", nil),
      ("dataset = xdr_data | alter x = parse_timestamp(1️⃣agent_id, agent_id)", "XQL-U003", nil),
      ("dataset = xdr_data | alter x = parse_timestamp(\"%F\", agent_id, 1️⃣\"Mars/Olympus\")", "XQL-B015", nil),
      ("dataset = xdr_data | alter x = parse_epoch(\"%F\", agent_id, \"UTC\", 1️⃣\"NANOS\")", "XQL-U003", nil),
      ("dataset = xdr_data | comp count(*) as 1️⃣n by agent_id", "XQL-B013", nil),
      (
        #"dataset = xdr_data | filter (action_process_image_path 1️⃣endswith "\x.exe")"#, "XQL-U005",
        #"write field = "*suffix" (a wildcard), or a regular expression with ~="#
      ),
      (
        #"dataset = xdr_data | filter agent_hostname 1️⃣STARTSWITH "ws""#, "XQL-U005",
        #"write field = "prefix*" (a wildcard), or a regular expression with ~="#
      ),
      (
        #"dataset = xdr_data | filter _time > 1️⃣timestamp_sub(current_time(), "7d")"#, "XQL-U006",
        #"XQL has no timestamp arithmetic: set config timeframe = 7d, or compare timestamp_diff(current_time(), _time, "DAY") with a number"#
      ),
      ("dataset = xdr_data | filter _time > 1️⃣now()", "XQL-U006", "current_time() is XQL's clock"),
      (
        "dataset = xdr_data | alter x = 1️⃣substring(agent_id, 0, 3)", "XQL-U006",
        #"XQL has no substring function: arrayindex(regextract(s, "^.{2}(.{3})"), 0) is the 3 characters after the first 2"#
      ),
      (
        "dataset in (1️⃣panw_ngfw_t*) | limit 1", "XQL-U007",
        "name the datasets: dataset in (panw_ngfw_threat_raw, panw_ngfw_traffic_raw)"
      ),
      ("dataset = 1️⃣*nothing_like_it* | limit 1", "XQL-U007", "no dataset matches it"),
      ("dataset = panw_ngfw_url_raw | fields 1️⃣url*", "XQL-U003", nil),
      (
        "dataset = xdr_data | alter x = 1️⃣agent_hostname + \"-\" + agent_id", "XQL-B006",
        "join strings with concat(a, b)"
      ),
      ("dataset = xdr_data | comp count() as n by agent_id 1️⃣addrawdata = true as raw", "XQL-U003", nil),
      (
        "dataset = xdr_data | filter 1️⃣`agent_hostname = \"x\"", "XQL-P003",
        "a back-ticked field name closes on the same line (`name`); a string value goes in \"…\""
      ),
      ("dataset = xdr_data | filter _time > current_time() - 1️⃣10d", "XQL-U003", nil),
      ("dataset = xdr_data | alter t = to_string(1️⃣_time)", "XQL-U003", nil),
      (
        "dataset = xdr_data | alter later = 1️⃣add(_time, 3600)", "XQL-B006",
        #"XQL has no timestamp arithmetic: to_timestamp(add(to_epoch(t), n)) is n seconds later; timestamp_diff(t1, t2, "SECOND") is the distance"#
      ),
      (
        "dataset = xdr_data | filter 1️⃣agent_ip_addresses contains \"10.1.2.3\"", "XQL-B006",
        #"array_any(field, "@element" = "x") tests the elements; arraystring(field, ",") contains "x" searches their text"#
      ),
      (
        "dataset = xdr_data | alter first_seen = 1️⃣min(_time)", "XQL-B016",
        "write comp min(field) as name by …, or windowcomp min(field) by … as name to keep every row"
      ),
    ] as [(String, String, String?)])
  func positioned(_ marked: String, _ code: String, _ help: String?) {
    let (diagnostics, marker, _) = diagnose(marked)
    #expect(diagnostics.first?.code.rawValue == code, "\(diagnostics)")
    #expect(diagnostics.first?.span.start == marker)
    #expect(diagnostics.first?.help == help)
  }

  @Test("an unknown field renders with file:line:col, the source line, a caret and a suggestion")
  func rendered() {
    let (diagnostics, _, source) = diagnose(
      "config case_sensitive = false\n| dataset = xdr_data\n| filter agent_hostnme = \"ws\"")
    #expect(
      DiagnosticRenderer().render(diagnostics, in: source) == """
        hunt.xql:3:10: error[XQL-B001]: unknown field 'agent_hostnme'
        3 | | filter agent_hostnme = "ws"
          |          ^~~~~~~~~~~~~
        help: did you mean 'agent_hostname'?
        """)
  }

  @Test("an unsupported stage is named as such")
  func unsupportedStageMessage() {
    let (diagnostics, _, _) = diagnose("dataset = xdr_data | getrole agent_hostname")
    #expect(
      diagnostics.map(\.message) == [
        "the 'getrole' stage is valid XQL but Spoor cannot translate it: it reads the roles Cortex's asset inventory"
          + " assigns to hosts and users, and Spoor has no such source"
      ])
    #expect(diagnostics.first?.category == .unsupported)
  }

  @Test("parse_timestamp and parse_epoch name the format element they cannot translate")
  func parseTimestampElement() {
    let cases = [
      ("dataset = xdr_data | alter x = parse_timestamp(\"%Y-%j\", agent_id)", "parse_timestamp", "%j"),
      ("dataset = xdr_data | alter x = parse_epoch(\"%H:%M %Z\", agent_id)", "parse_epoch", "%Z"),
      ("dataset = xdr_data | alter x = parse_epoch(\"%E4z\", agent_id)", "parse_epoch", "%E4z"),
      ("dataset = xdr_data | alter x = parse_timestamp(\"%F %\", agent_id)", "parse_timestamp", "%"),
    ]
    for (query, function, element) in cases {
      let (diagnostics, _, _) = diagnose(query)
      #expect(
        diagnostics.map(\.message) == [
          "the format element '\(element)' in a \(function) format is not supported"
        ])
    }
  }

  @Test("several unknown fields in one filter are all reported")
  func allUnknownFields() {
    let (diagnostics, _, _) = diagnose("dataset = xdr_data | filter aa = 1 and bb = 2 or cc contains \"x\"")
    #expect(diagnostics.map(\.message) == ["unknown field 'aa'", "unknown field 'bb'", "unknown field 'cc'"])
  }

  @Test("fields after a fields stage are out of scope")
  func projectedScope() {
    let (diagnostics, _, _) = diagnose("dataset = xdr_data | fields agent_id as id | filter 1️⃣agent_id = \"x\"")
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-B001"])
  }

  @Test("random and truncated input never crashes and always explains itself")
  func fuzz() {
    let seedText = """
      config case_sensitive = false | preset=xdr_process | filter (event_type = ENUM.PROCESS and x in ("*\\a", 1)) \
      | fields a as b | comp count() as n by k | join type = left (dataset = xdr_data | fields k) as j j.k = k \
      | alter y = if(a = 1, "x", concat(b, \"\"\"q\\"\"\"\")) | sort desc n | dedup k by asc n | limit 10 /* c */ // d
      """
    let bytes = Array(seedText.utf8)
    var generator = SplitMix64(seed: 0x5EED)
    for length in 0...bytes.count {
      check(String(decoding: bytes[0..<length], as: UTF8.self))
    }
    let alphabet = Array("|()\",.=!~<>*-+/ \n\"\"\"aAzZ_09ENUM.incidrcontainsnotandor\\é🙂".utf8)
    for _ in 0..<2_000 {
      var mutated = bytes
      for _ in 0..<Int(generator.next() % 6) + 1 {
        let position = Int(generator.next() % UInt64(mutated.count))
        switch generator.next() % 3 {
        case 0: mutated.remove(at: position)
        case 1: mutated.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
        default: mutated[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
        }
      }
      check(String(decoding: mutated, as: UTF8.self))
    }
  }

  func check(_ text: String) {
    let result = XQLTranslator.bind(SourceText(name: "fuzz", text: text), catalog: .builtIn)
    guard let plan = result.plan else {
      #expect(result.diagnostics.containsErrors, "no plan and no error for: \(text)")
      return
    }
    let emitted = PostgresEmitter(options: EmitOptions(now: 0)).emit(plan)
    #expect(emitted.statement != nil || emitted.diagnostics.containsErrors)
  }
}
