import SpoorDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The IANA time zone names a query may use (`Europe/Paris`, `America/New_York`, `UTC`): the zone files of the
/// system's tz database, which is also where Debian's PostgreSQL reads them.
///
/// Read with the C library rather than Foundation: importing Foundation here would make its `String` members
/// visible in every front end that imports the plan, and change what calls such as `contains` resolve to.
public enum TimeZoneNames {
  /// Where the tz database's compiled zone files live.
  static let directory = "/usr/share/zoneinfo"

  /// Every zone name under ``directory`` (the `posix/` and `right/` copies left out), read once.
  static let all: [String] = zoneFiles(under: directory, prefix: "").sorted()

  /// The name as the tz database spells it, matched case-insensitively as PostgreSQL does; nil when unknown.
  ///
  /// Without a tz database on this machine every name is taken as written, and the server judges it.
  public static func canonical(_ name: String) -> String? {
    guard !all.isEmpty else { return name.isEmpty ? nil : name }
    if all.contains(name) { return name }
    let folded = name.lowercased()
    return all.first { $0.lowercased() == folded }
  }

  /// A "did you mean" for an unknown name, or nil.
  public static func help(for name: String) -> String? {
    NameSuggester.help(for: name, among: all)
  }

  /// The relative paths of the TZif files below `path` (symbolic links followed).
  private static func zoneFiles(under path: String, prefix: String) -> [String] {
    guard let stream = opendir(path) else { return [] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard !name.hasPrefix("."), name != "posix", name != "right" else { continue }
      let child = path + "/" + name
      var status = stat()
      guard stat(child, &status) == 0 else { continue }
      if status.st_mode & S_IFMT == S_IFDIR {
        names += zoneFiles(under: child, prefix: prefix + name + "/")
      } else if status.st_mode & S_IFMT == S_IFREG, isZoneFile(child) {
        names.append(prefix + name)
      }
    }
    return names
  }

  /// Whether the file starts with the tz database's magic, `TZif` (zone.tab, tzdata.zi and the like do not).
  private static func isZoneFile(_ path: String) -> Bool {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var magic = [UInt8](repeating: 0, count: 4)
    return read(descriptor, &magic, 4) == 4 && magic == Array("TZif".utf8)
  }
}
