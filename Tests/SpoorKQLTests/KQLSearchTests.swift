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
}
