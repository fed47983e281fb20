import SpoorCatalog
import SpoorPlan

/// How Citus would run a query plan if the event tables were distributed as `docs/scale.md` proposes.
public struct CitusAssessment: Sendable, Hashable {
  /// The event tables the plan reads, distributed by their device column.
  public var distributedTables: [String]
  /// The constructs Citus runs on the workers (or merges on the coordinator from per-worker partial results).
  public var pushedDown: [String]
  /// The constructs that need another plan (a repartition join, rows pulled to the coordinator), each saying why.
  public var needsAnotherPlan: [String]

  /// True when everything the plan does is in `docs/scale.md`'s "pushed down" list.
  public var isPushedDown: Bool { needsAnotherPlan.isEmpty }
}

/// The rules of `docs/scale.md` ("What Citus pushes down"), applied to a query plan.
///
/// Distribution: a table with `DeviceId` (Defender) or `agent_id` (XDR) is distributed on it, all of them
/// co-located; a Sentinel table with `Computer` on that. A join of two distributed inputs pushes down when its
/// condition equates the distribution columns of both sides; a window or `arg_max`-style first-row-per-key when its
/// partition keys include the distribution column; an aggregate always when grouped by it, otherwise when each
/// aggregate is one Citus merges from per-worker partials (count, sum, min, max, avg, count distinct, make_set /
/// make_list, any, stdev, variance). Everything else needs another plan.
public enum CitusPushdown {
  /// The distribution column candidates, in order of preference.
  public static let distributionColumnNames = ["DeviceId", "agent_id", "Computer"]

  /// Aggregates Citus computes from per-worker partial results when not grouped by the distribution column.
  static let mergeableAggregates: Set<String> = [
    "count", "countDistinct", "sum", "min", "max", "avg", "makeSet", "makeList", "any", "stdev", "stdevPopulation",
    "variance",
  ]

  /// The column `table` would be distributed on, or nil (a table without a device column).
  public static func distributionColumn(of table: Table) -> String? {
    distributionColumnNames.first { table.column(named: $0) != nil }
  }

  /// Assesses `relation` against the rules above.
  public static func assess(_ relation: Relation) -> CitusAssessment {
    var assessment = CitusAssessment(distributedTables: [], pushedDown: [], needsAnotherPlan: [])
    _ = walk(relation, into: &assessment)
    assessment.distributedTables = Array(Set(assessment.distributedTables)).sorted()
    return assessment
  }

  /// What a subtree carries: whether it reads a distributed table, and the output columns holding its
  /// distribution column.
  struct Carried {
    var distributed: Bool
    var keys: Set<String>
  }

  private static func walk(_ relation: Relation, into assessment: inout CitusAssessment) -> Carried {
    switch relation {
    case .scan(let table), .scanBatch(let table, _):
      guard let column = distributionColumn(of: table) else {
        assessment.needsAnotherPlan.append(
          "\(table.name) has no device column: distributed on a column of its own, not co-located")
        return Carried(distributed: true, keys: [])
      }
      assessment.distributedTables.append(table.name)
      if case .scanBatch = relation {
        assessment.needsAnotherPlan.append(
          "scheduled window on _spoor_xid: transaction ids are per node, see docs/scale.md")
      }
      return Carried(distributed: true, keys: [column])
    case .filter(let input, _), .sort(let input, _), .limit(let input, _), .distinct(let input):
      return walk(input, into: &assessment)
    case .project(let input, let expressions):
      let carried = walk(input, into: &assessment)
      return Carried(
        distributed: carried.distributed,
        keys: Set(expressions.filter { isKey($0.expression, carried.keys) }.map(\.name)))
    case .aggregate(let input, let groupBy, let aggregates):
      let carried = walk(input, into: &assessment)
      let keys = Set(groupBy.filter { isKey($0.expression, carried.keys) }.map(\.name))
      guard carried.distributed else { return Carried(distributed: false, keys: []) }
      if !keys.isEmpty {
        assessment.pushedDown.append("aggregate grouped by the distribution column")
      } else {
        for aggregate in aggregates {
          let name = "\(aggregate.call.function)".split(separator: "(").first.map(String.init) ?? ""
          if mergeableAggregates.contains(name) {
            assessment.pushedDown.append("\(name) merged from per-worker partial aggregates")
          } else {
            assessment.needsAnotherPlan.append(
              "\(name) not grouped by the distribution column: rows are pulled to the coordinator")
          }
        }
      }
      // One row per group: the result is small and lives on the coordinator from here on.
      return Carried(distributed: false, keys: keys)
    case .firstPerKey(let input, let keys, _):
      let carried = walk(input, into: &assessment)
      if carried.distributed {
        if keys.contains(where: { isKey($0, carried.keys) }) {
          assessment.pushedDown.append("first row per key, keyed by the distribution column")
        } else {
          assessment.needsAnotherPlan.append(
            "first row per key (arg_max, dedup) not keyed by the distribution column")
        }
      }
      return carried
    case .window(let input, let windows):
      let carried = walk(input, into: &assessment)
      if carried.distributed {
        for window in windows {
          if window.expression.partitionBy.contains(where: { isKey($0, carried.keys) }) {
            assessment.pushedDown.append("window partitioned by the distribution column")
          } else {
            assessment.needsAnotherPlan.append(
              "window (row_number, prev/next, running aggregate) not partitioned by the distribution column")
          }
        }
      }
      return carried
    case .join(let join):
      let left = walk(join.left, into: &assessment)
      let right = walk(join.right, into: &assessment)
      if left.distributed && right.distributed {
        if equatesKeys(join.condition, left: left.keys, right: right.keys) {
          assessment.pushedDown.append("co-located join on the distribution column")
        } else {
          assessment.needsAnotherPlan.append(
            "join of two distributed inputs not on the distribution column: a repartition join (inner joins only)")
        }
      } else if left.distributed || right.distributed {
        assessment.pushedDown.append("join of a distributed input with a coordinator-side or reference input")
      }
      var keys: Set<String> = []
      for output in join.outputs
      where (output.side == .left ? left.keys : right.keys).contains(output.sourceName) {
        keys.insert(output.name)
      }
      return Carried(distributed: left.distributed || right.distributed, keys: keys)
    case .union(let inputs):
      let carried = inputs.map { walk($0, into: &assessment) }
      if carried.contains(where: \.distributed) {
        assessment.pushedDown.append("union (each branch planned on its own)")
      }
      let keys = carried.dropFirst().reduce(carried.first?.keys ?? []) { $0.intersection($1.keys) }
      return Carried(distributed: carried.contains(where: \.distributed), keys: keys)
    case .expand(let input, _), .zipExpand(let input, _), .series(let input, _):
      return walk(input, into: &assessment)
    case .apply(let input, _, let subquery):
      let carried = walk(input, into: &assessment)
      _ = walk(subquery, into: &assessment)
      return carried
    case .appliedElements, .values, .range, .external:
      return Carried(distributed: false, keys: [])
    }
  }

  /// True when `expression` is a plain reference to one of `keys`.
  private static func isKey(_ expression: ScalarExpression, _ keys: Set<String>) -> Bool {
    if case .column(let name) = expression.kind { return keys.contains(name) }
    return false
  }

  /// True when `condition` is (a conjunction holding) `left.k1 == right.k2` with both distribution columns.
  private static func equatesKeys(_ condition: ScalarExpression, left: Set<String>, right: Set<String>) -> Bool {
    guard case .call(let function, let arguments) = condition.kind else { return false }
    switch function {
    case .and:
      return arguments.contains { equatesKeys($0, left: left, right: right) }
    case .equal:
      guard arguments.count == 2 else { return false }
      let sides = arguments.compactMap { argument -> (JoinSide, String)? in
        if case .joinColumn(let side, let name) = argument.kind { return (side, name) }
        return nil
      }
      guard sides.count == 2 else { return false }
      return sides.contains { $0.0 == .left && left.contains($0.1) }
        && sides.contains { $0.0 == .right && right.contains($0.1) }
    default:
      return false
    }
  }
}
