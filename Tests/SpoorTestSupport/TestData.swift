import Foundation

/// The test data kept in the repository (`reference/`, `corpus/`, `datasets/`), so that the tests pass in a fresh
/// clone with nothing beside it.
///
/// Large files are stored gzip-compressed; ``decompressed(_:)`` gives the path of a plain copy:
/// ```swift
/// let events = try TestData.sysmonEvents()  // a readable events.ndjson
/// let schema = TestData.path("reference/schema.json")
/// ```
public enum TestData {
  /// The absolute path of `relativePath`, a path inside the package root (for example `reference/schema.json`).
  public static func path(_ relativePath: String) -> String {
    TestDatabase.packageRoot + "/" + relativePath
  }

  /// The real Sysmon attack data set of `datasets/sysmon/` (27,941 events, one JSON object a line), decompressed.
  public static func sysmonEvents() throws -> String {
    try decompressed("datasets/sysmon/events.ndjson.gz")
  }

  /// The path of a plain copy of the gzip file `relativePath` (inside the package root), made with the system
  /// `gzip -dc` on first use.
  ///
  /// The copy lives under the temporary directory, named after the file's name, size and modification time, so
  /// test processes reuse it while the compressed file is unchanged; it is written to a unique name and renamed
  /// into place, so processes decompressing at once never read a partial copy.
  /// - Throws: ``TestDataError`` when the file is missing or `gzip` fails.
  public static func decompressed(_ relativePath: String) throws -> String {
    let source = path(relativePath)
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: source)
    } catch {
      throw TestDataError(message: "test data \(relativePath) not found at \(source): \(error)")
    }
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
    let modified = Int64((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
    var name = URL(fileURLWithPath: source).lastPathComponent
    if name.hasSuffix(".gz") { name.removeLast(3) }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spoor-test-data")
    let target = folder.appendingPathComponent("\(size)-\(modified)-\(name)").path
    if FileManager.default.fileExists(atPath: target) { return target }

    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let partial = target + ".\(getpid())-\(UUID().uuidString).partial"
    guard FileManager.default.createFile(atPath: partial, contents: nil),
      let output = FileHandle(forWritingAtPath: partial)
    else { throw TestDataError(message: "cannot write \(partial)") }
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    gzip.arguments = ["gzip", "-dc", source]
    gzip.standardOutput = output
    let errors = Pipe()
    gzip.standardError = errors
    do {
      try gzip.run()
    } catch {
      try? output.close()
      try? FileManager.default.removeItem(atPath: partial)
      throw TestDataError(message: "cannot run gzip to decompress \(relativePath): \(error)")
    }
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    gzip.waitUntilExit()
    try? output.close()
    guard gzip.terminationStatus == 0 else {
      try? FileManager.default.removeItem(atPath: partial)
      throw TestDataError(message: "gzip -dc \(source) failed (\(gzip.terminationStatus)): \(message)")
    }
    if rename(partial, target) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: partial)
      throw TestDataError(message: "cannot move the decompressed \(relativePath) to \(target): \(reason)")
    }
    return target
  }
}

/// Why test data could not be read.
public struct TestDataError: Error, CustomStringConvertible {
  /// What went wrong, with the paths involved.
  public var message: String
  public var description: String { message }
}
