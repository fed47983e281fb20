import Foundation
import SpoorPostgres

/// Loads the bundled Sysmon sample files for the quick start, each file once per database (by content hash).
public enum SampleLoader {
  /// What happened to one sample file.
  public enum Outcome: Sendable {
    /// Loaded now, with the ingest summary.
    case loaded(file: String, summary: IngestSummary)
    /// Loaded by an earlier run; nothing was done.
    case alreadyLoaded(file: String)
  }

  /// The `.ndjson` sample files in a folder, sorted.
  /// - Throws: ``IngestError`` when the folder cannot be read.
  public static func sampleFiles(in directory: String) throws -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      throw IngestError.cannotOpen(
        path: directory, reason: "no sample folder here (run from the project's root or pass --samples)")
    }
    return names.filter { $0.hasSuffix(".ndjson") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
  }

  /// Ingests every sample file, mapping Sysmon events onto the Defender tables and `xdr_data`; a file an earlier
  /// run loaded (the same content, see ``IngestLedger``) is not loaded again, and one that another run is loading
  /// is waited for.
  /// - Throws: when a file cannot be read or the database refuses the load; a file with rejected records is an error
  ///   too, since the bundled samples are expected to load cleanly.
  public static func load(_ files: [String], on connection: Connection) throws -> [Outcome] {
    try files.map { file in
      let summary = try Ingester(connection: connection, options: IngestOptions(sysmon: .both)).ingest(
        table: nil, paths: [file])
      if summary.alreadyLoadedFiles.contains(file) { return .alreadyLoaded(file: file) }
      guard summary.rejected == 0 else {
        throw SampleLoadError(file: file, rejected: summary.rejected, rejectFiles: summary.rejectFiles)
      }
      return .loaded(file: file, summary: summary)
    }
  }
}

/// A bundled sample file that did not load cleanly.
public struct SampleLoadError: Error, Sendable, CustomStringConvertible {
  /// The sample file.
  public var file: String
  /// Records refused.
  public var rejected: Int
  /// Where the refused records were written.
  public var rejectFiles: [String]

  public var description: String {
    "sample \(file): \(rejected) record(s) rejected (see \(rejectFiles.joined(separator: ", ")))"
  }
}
