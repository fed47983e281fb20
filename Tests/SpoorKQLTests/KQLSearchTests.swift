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

  @Test("find without project (project-smart) and with pack_all() are refused with the reason")
  func findRefusals() {
    func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }
    #expect(failure(Self.events + " find in (EventsTable1) where Level == 'Error'").contains("find without 'project'"))
    #expect(
      failure(Self.events + " find in (EventsTable1) where Level == 'Error' project pack_all()").contains("pack_all"))
  }
}
