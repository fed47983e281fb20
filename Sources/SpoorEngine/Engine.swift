import SpoorPostgres

/// The engine layer: the only part of Spoor that talks to PostgreSQL.
public enum Engine {
  /// The linked libpq version.
  public static var libpqVersion: Int { PostgresLibrary.version }
}
