import SpoorPlan

/// One stored hunt: a query plus the metadata that schedules it and explains its hits (one file in `queries/`).
public struct Hunt: Sendable, Hashable {
  /// The stable identifier used on the command line and in `spoor.hunt_hits.hunt_id` (`[a-z0-9][a-z0-9._-]*`).
  public var id: String
  /// A one-line title.
  public var title: String
  /// What the hunt looks for and why it matters.
  public var description: String
  /// How serious a hit is.
  public var severity: HuntSeverity
  /// MITRE ATT&CK tactics, for example `credential-access`.
  public var tactics: [String]
  /// MITRE ATT&CK technique ids, for example `T1003.001`.
  public var techniques: [String]
  /// The query language, or `nil` to detect it from the query.
  public var language: QueryLanguage?
  /// How often the scheduler runs it.
  public var schedule: HuntInterval
  /// Whether the scheduler runs it.
  public var enabled: Bool
  /// How far back its first scheduled run looks.
  public var lookback: HuntLookback
  /// The KQL or XQL text, exactly as written.
  public var query: String
  /// Links that explain the behaviour hunted.
  public var references: [String]
  /// Who wrote the hunt (or the rule it derives from).
  public var author: String?
  /// The licence of the hunt's content, for example `DRL-1.1`.
  public var license: String?
  /// Where the hunt comes from, when it derives from someone else's rule (kept for attribution).
  public var source: HuntSource?
  /// The file it was read from, relative to the library's directory.
  public var file: String
  /// Where the query sits in the file, so query diagnostics point into the hunt file.
  public var queryLocation: HuntQueryLocation

  /// Creates a hunt.
  public init(
    id: String,
    title: String,
    description: String = "",
    severity: HuntSeverity,
    tactics: [String] = [],
    techniques: [String] = [],
    language: QueryLanguage? = nil,
    schedule: HuntInterval = HuntDefaults.schedule,
    enabled: Bool = true,
    lookback: HuntLookback = HuntDefaults.lookback,
    query: String,
    references: [String] = [],
    author: String? = nil,
    license: String? = nil,
    source: HuntSource? = nil,
    file: String = "<memory>",
    queryLocation: HuntQueryLocation = HuntQueryLocation(line: 1, indentation: 0)
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.severity = severity
    self.tactics = tactics
    self.techniques = techniques
    self.language = language
    self.schedule = schedule
    self.enabled = enabled
    self.lookback = lookback
    self.query = query
    self.references = references
    self.author = author
    self.license = license
    self.source = source
    self.file = file
    self.queryLocation = queryLocation
  }
}

/// The defaults a hunt file may leave out.
public enum HuntDefaults {
  /// `schedule` when absent: hourly.
  public static let schedule = HuntInterval(seconds: 3_600)
  /// `lookback` when absent: a new hunt looks one week back, not to the beginning of time.
  public static let lookback = HuntLookback.interval(HuntInterval(seconds: 7 * 86_400))
}

/// The origin of a hunt derived from another project's rule, kept as its licence asks (for example DRL 1.1 for Sigma).
public struct HuntSource: Sendable, Hashable {
  /// The upstream rule's id, for example a Sigma rule UUID.
  public var ruleID: String?
  /// A link to the upstream rule.
  public var url: String?
  /// The upstream project, for example `SigmaHQ/sigma`.
  public var project: String?

  /// Creates a source.
  public init(ruleID: String? = nil, url: String? = nil, project: String? = nil) {
    self.ruleID = ruleID
    self.url = url
    self.project = project
  }
}

/// Where a hunt's query text starts in its file.
public struct HuntQueryLocation: Sendable, Hashable {
  /// The 1-based line of the query's first line.
  public var line: Int
  /// The number of spaces every query line is indented by in the file (a YAML block scalar's indentation).
  public var indentation: Int

  /// Creates a location.
  public init(line: Int, indentation: Int) {
    self.line = line
    self.indentation = indentation
  }
}
