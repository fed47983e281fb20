import Foundation

/// Files under a fresh temporary directory, for tests that read inputs from disk.
///
/// Every directory of a test process lives under one parent that is removed when the process exits, so test
/// runs leave nothing behind in the temporary directory.
struct TemporaryDirectory {
  let path: String

  /// The test process's parent directory; the exit handler that removes it is registered on first use.
  private static let parent: String = {
    atexit { try? FileManager.default.removeItem(atPath: TemporaryDirectory.parentPath) }
    return parentPath
  }()

  private static var parentPath: String { NSTemporaryDirectory() + "spoor-ingest-tests-\(getpid())" }

  init() throws {
    path = Self.parent + "/" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Writes `bytes` to `name` in the directory and returns its path.
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let file = path + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    return file
  }

  /// Writes `text` as UTF-8.
  func write(_ name: String, _ text: String) throws -> String {
    try write(name, Array(text.utf8))
  }

  /// The contents of a file, or nil when it does not exist.
  func read(_ file: String) -> String? {
    FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) }
  }
}
