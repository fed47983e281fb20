import CLibPQ

/// Facts about the linked libpq.
public enum PostgresLibrary {
  /// The libpq version as an integer (150018 for 15.18).
  public static var version: Int { Int(PQlibVersion()) }
}
