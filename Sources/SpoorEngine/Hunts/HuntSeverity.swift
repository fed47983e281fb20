/// How serious a hunt's hits are, in Sigma's and Sentinel's levels.
public enum HuntSeverity: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
  case informational
  case low
  case medium
  case high
  case critical

  /// Orders severities from `informational` up to `critical`.
  public static func < (lhs: HuntSeverity, rhs: HuntSeverity) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
