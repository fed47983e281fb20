import SpoorPostgres
import SpoorTestSupport
import Testing

@Suite("Connection.copyIn")
struct CopyInTests {
  private struct Abort: Error {}

  private func makeTable() throws -> Connection {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "client_copy"))
    try connection.executeScript("CREATE TABLE copy_target (id bigint PRIMARY KEY, name text NOT NULL, at timestamptz)")
    return connection
  }

  @Test("100k rows load, non-ASCII text included, and the count comes back")
  func copiesManyRows() throws {
    let connection = try makeTable()
    let copied = try connection.copyIn("COPY copy_target (id, name, at) FROM STDIN") { writer in
      for id in 1...100_000 {
        try writer.write("\(id)\tnäme-\(id)-日本\t2024-01-02 03:04:05+00\n")
      }
    }
    #expect(copied == 100_000)
    let result = try connection.execute(
      "SELECT count(*), sum(id), min(name), count(DISTINCT at) FROM copy_target")
    #expect(result.rows.first?.values == ["100000", "5000050000", "näme-1-日本", "1"])
  }

  @Test("bytes and CSV go through unchanged")
  func copiesBytesAsCSV() throws {
    let connection = try makeTable()
    let copied = try connection.copyIn("COPY copy_target (id, name) FROM STDIN WITH (FORMAT csv)") { writer in
      try writer.write(Array("1,\"comma, and \"\"quote\"\"\"\n".utf8))
      try writer.write("2,plain\n")
    }
    #expect(copied == 2)
    #expect(
      try connection.execute("SELECT name FROM copy_target WHERE id = $1", [.int64(1)]).rows.first?[0]
        == #"comma, and "quote""#)
  }

  @Test("blocks larger than the chunk size go through whole, sent directly or after buffered bytes")
  func copiesLargeBlocks() throws {
    let connection = try makeTable()
    func block(_ ids: ClosedRange<Int>) -> [UInt8] {
      var bytes: [UInt8] = []
      for id in ids { bytes += Array("\(id)\trow \(id)\n".utf8) }
      return bytes
    }
    let first = block(1...100_000)
    let second = block(100_002...200_000)
    #expect(first.count > CopyInWriter.chunkSize)
    let copied = try connection.copyIn("COPY copy_target (id, name) FROM STDIN") { writer in
      try writer.write(first)  // nothing buffered: sent straight from the array
      try writer.write("100001\tbetween\n")
      try writer.write(second)  // appended after the buffered row
      #expect(writer.bytesSent >= first.count + second.count)
    }
    #expect(copied == 200_000)
    let result = try connection.execute(
      "SELECT count(*), sum(id), max(name) FILTER (WHERE id = 100001) FROM copy_target")
    #expect(result.rows.first?.values == ["200000", "20000100000", "between"])
  }

  @Test("a throw midway ends the copy with an error: nothing loads and the error is rethrown")
  func abortMidway() throws {
    let connection = try makeTable()
    #expect(throws: Abort.self) {
      _ = try connection.copyIn("COPY copy_target (id, name) FROM STDIN") { writer in
        for id in 1...50_000 {
          try writer.write("\(id)\tpartial\n")
        }
        throw Abort()
      }
    }
    #expect(try connection.execute("SELECT count(*) FROM copy_target").rows.first?[0] == "0")
  }

  @Test("a bad row fails the whole copy with the server's SQLSTATE")
  func badRow() throws {
    let connection = try makeTable()
    let error = try #require(throws: PostgresError.self) {
      _ = try connection.copyIn("COPY copy_target (id, name) FROM STDIN") { writer in
        try writer.write("1\tgood\nnot-a-number\tbad\n3\tgood\n")
      }
    }
    #expect(error.sqlState == "22P02")
    #expect(try connection.execute("SELECT count(*) FROM copy_target").rows.first?[0] == "0")
  }

  @Test("a statement that is not COPY FROM STDIN is refused, and the connection recovers")
  func notCopyIn() throws {
    let connection = try makeTable()
    let error = try #require(throws: PostgresError.self) {
      _ = try connection.copyIn("SELECT 1") { _ in }
    }
    #expect(error.kind == .invalidUse)
    let outError = try #require(throws: PostgresError.self) {
      try connection.execute("COPY copy_target TO STDOUT")
    }
    #expect(outError.kind == .invalidUse)
    let inError = try #require(throws: PostgresError.self) {
      try connection.execute("COPY copy_target FROM STDIN")
    }
    #expect(inError.kind == .invalidUse)
    #expect(try connection.execute("SELECT count(*) FROM copy_target").rows.first?[0] == "0")
  }

  @Test("a writer used after its copy ended refuses to write")
  func writerOutlivesCopy() throws {
    let connection = try makeTable()
    var escaped: CopyInWriter?
    _ = try connection.copyIn("COPY copy_target (id, name) FROM STDIN") { writer in
      escaped = writer
    }
    let error = try #require(throws: PostgresError.self) { try escaped?.write("1\tlate\n") }
    #expect(error.kind == .invalidUse)
  }
}
