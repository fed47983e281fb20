import SpoorPostgres
import SpoorTestSupport
import Testing

/// `search` per Kusto's documented predicate table, run on real PostgreSQL with exact rows.
@Suite("KQL search", .serialized)
struct KQLSearchTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_search"))
  }

  /// The column names and rows of a query.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: 0, on: connection)
  }

  static let tables = """
    let Customers = datatable(FirstName:string, LastName:string, Key:long)[
      'Aaron', 'Sharma', 802, 'Riley', 'Hughes', 18285, 'Mason', 'Green', 16549];
    let Products = datatable(Name:string, Color:string)['Lab PC Green', 'Green', 'Labrador', 'blue', 'MyLaptop', 'BLUE'];
    """

  @Test("search in (…) \"term\": a union with $table, the term matched as a whole term in any column")
  func termInTables() throws {
    let result = try run(Self.tables + #" search in (Customers, Products) "green" | sort by $table asc, Name asc"#)
    #expect(result.columns == ["$table", "FirstName", "LastName", "Key", "Name", "Color"])
    #expect(
      result.rows == [
        ["Customers", "Mason", "Green", "16549", "", ""], ["Products", "", "", nil, "Lab PC Green", "Green"],
      ])
  }

  @Test("wildcards, Col:\"x\", ==, numbers, kind=case_sensitive and a piped input")
  func predicateForms() throws {
    func names(_ query: String) throws -> [String?] {
      try run(Self.tables + query).rows.map { $0[0] }
    }
    #expect(try names(#" Products | search "lab*" | project Name | sort by Name asc"#) == ["Lab PC Green", "Labrador"])
    #expect(try names(#" Products | search "*top" | project Name"#) == ["MyLaptop"])
    #expect(try names(#" Products | search "*apto*" | project Name"#) == ["MyLaptop"])
    #expect(try names(#" Products | search "Lab*PC" | project Name"#) == ["Lab PC Green"])
    #expect(
      try names(#" Products | search Color:"blue" | project Name | sort by Name asc"#) == ["Labrador", "MyLaptop"])
    #expect(try names(#" Products | search kind=case_sensitive "blue" | project Name"#) == ["Labrador"])
    #expect(try names(#" Products | search Color == "BLUE" | project Name"#) == ["MyLaptop"])
    #expect(try names(#" Customers | search "802" | project FirstName"#) == ["Aaron"])
    #expect(
      try names(
        #" Customers | search "Hughes" or (Key > 800 and Key < 900) | project FirstName | sort by FirstName asc"#
      ) == ["Aaron", "Riley"])
    #expect(try names(#" Customers | search * | count"#) == ["3"])
  }

  @Test("search over every KQL table of the catalog translates")
  func everyTable() throws {
    let statement = try TranslationHarness.statement(#"search "mimikatz" | take 1"#, language: .kql, now: 0)
    #expect(statement.text.contains("\"DeviceProcessEvents\"") && !statement.text.contains("\"xdr_data\""))
  }

  static let events = """
    let EventsTable1 = datatable(Session_Id:string, Level:string, EventText:string, Version:string)[
      'acbd', 'Information', 'Some Text1', 'v1.0.0', 'acbd', 'Error', 'Some Text2', 'v1.0.0',
      '28b8', 'Error', 'Some Text3', 'v1.0.1', '8f05', 'Information', 'Some Text4', 'v1.1.0'];
    let EventsTable2 = datatable(Session_Id:string, Level:string, EventText:string, EventName:string)[
      'f7d5', 'Information', 'Some Other Text1', 'Event1', 'acbd', 'Information', 'Some Other Text2', 'Event2',
      'acbd', 'Error', 'Some Other Text3', 'Event3', '15ea', 'Error', 'Some Other Text4', 'Event4'];
    let Other = datatable(x:long)[1];
    """

  @Test("find … project: Kusto's documented example, with source_ and null for a column a table lacks")
  func findWithProject() throws {
    let result = try run(
      Self.events
        + " find in (EventsTable1, EventsTable2, Other) where Version == 'v1.0.0' or EventName == 'Event1' project Session_Id, EventText, Version, EventName | sort by EventText asc"
    )
    #expect(result.columns == ["source_", "Session_Id", "EventText", "Version", "EventName"])
    #expect(
      result.rows == [
        ["EventsTable2", "f7d5", "Some Other Text1", "", "Event1"],
        ["EventsTable1", "acbd", "Some Text1", "v1.0.0", ""], ["EventsTable1", "acbd", "Some Text2", "v1.0.0", ""],
      ])
    let terms = try run(
      Self.events
        + #" find withsource=T in (EventsTable1, EventsTable2) where * has "text4" project Level | sort by T asc"#)
    #expect(terms.columns == ["T", "Level"])
    #expect(terms.rows == [["EventsTable1", "Information"], ["EventsTable2", "Error"]])
    #expect(
      try run(Self.events + #" find in (EventsTable1, Other) where "Text3" project Level, x:long"#).rows == [
        ["EventsTable1", "Error", nil]
      ])
  }

  @Test("find without project: Kusto's documented example, source_, the predicate's and the common columns, pack_")
  func findProjectSmart() throws {
    let result = try run(
      Self.events + " find in (EventsTable1, EventsTable2, Other) where Session_Id == 'acbd' | sort by EventText asc")
    #expect(result.columns == ["source_", "Session_Id", "Level", "EventText", "pack_"])
    #expect(
      result.rows == [
        ["EventsTable2", "acbd", "Information", "Some Other Text2", #"{"EventName": "Event2"}"#],
        ["EventsTable2", "acbd", "Error", "Some Other Text3", #"{"EventName": "Event3"}"#],
        ["EventsTable1", "acbd", "Information", "Some Text1", #"{"Version": "v1.0.0"}"#],
        ["EventsTable1", "acbd", "Error", "Some Text2", #"{"Version": "v1.0.0"}"#],
      ])
    // The predicate's columns come first, in the order it names them; project-smart is the same.
    let ordered = try run(
      Self.events
        + " find withsource=T in (EventsTable1, EventsTable2) where EventText has 'Text2' and Version == 'v1.0.0'"
        + " project-smart")
    #expect(ordered.columns == ["T", "EventText", "Version", "Session_Id", "Level", "pack_"])
    #expect(ordered.rows == [["EventsTable1", "Some Text2", "v1.0.0", "acbd", "Error", "{}"]])
  }

  @Test("find … project Col, pack(*): the documented example; pack(*) alone packs every column")
  func findProjectPack() throws {
    let listed = try run(
      Self.events
        + " find in (EventsTable1, EventsTable2) where Session_Id == 'acbd' and Level == 'Error'"
        + " project EventText, Version, EventName, pack(*) | sort by source_ asc")
    #expect(listed.columns == ["source_", "EventText", "Version", "EventName", "pack_"])
    #expect(
      listed.rows == [
        ["EventsTable1", "Some Text2", "v1.0.0", "", #"{"Level": "Error", "Session_Id": "acbd"}"#],
        ["EventsTable2", "Some Other Text3", "", "Event3", #"{"Level": "Error", "Session_Id": "acbd"}"#],
      ])
    let packed = try run(
      Self.events + " find in (EventsTable1, Other) where x == 1 or Version == 'v1.0.1' project pack_all()")
    #expect(packed.columns == ["source_", "pack_"])
    #expect(
      packed.rows.sorted { ($0[0] ?? "") < ($1[0] ?? "") } == [
        [
          "EventsTable1",
          #"{"Level": "Error", "Version": "v1.0.1", "EventText": "Some Text3", "Session_Id": "28b8"}"#,
        ],
        ["Other", #"{"x": 1}"#],
      ])
  }
}
