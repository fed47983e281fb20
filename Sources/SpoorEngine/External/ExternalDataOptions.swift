/// Limits and caching for KQL's `externaldata` fetches.
public struct ExternalDataOptions: Sendable, Hashable {
  /// The largest blob read, in bytes (100 MiB by default, the size Kusto documents for externaldata's reference
  /// tables).
  public var maxBytes: Int
  /// How long one fetch may take in all, in seconds.
  public var timeoutSeconds: Double
  /// How long a fetched http(s) blob is reused from `spoor.externaldata_cache`, in seconds; 0 fetches every time.
  public var cacheTTLSeconds: Int

  /// Creates options.
  public init(maxBytes: Int = 100 * 1024 * 1024, timeoutSeconds: Double = 30, cacheTTLSeconds: Int = 3600) {
    self.maxBytes = maxBytes
    self.timeoutSeconds = timeoutSeconds
    self.cacheTTLSeconds = cacheTTLSeconds
  }

  /// The defaults: 100 MiB, 30 s, one hour.
  public static let standard = ExternalDataOptions()
}
