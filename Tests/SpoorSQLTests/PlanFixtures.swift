import SpoorCatalog
import SpoorPlan
import SpoorSQL

/// Small tables and expression shorthands for hand-built plans.
enum PlanFixtures {
  /// A cut-down DeviceProcessEvents.
  static let events = Table(
    name: "DeviceProcessEvents",
    columns: [
      Column(name: "Timestamp", type: .datetime),
      Column(name: "DeviceName", type: .string),
      Column(name: "FileName", type: .string),
      Column(name: "FolderPath", type: .string),
      Column(name: "ProcessId", type: .long),
    ])

  /// A table with a dynamic column.
  static let tagged = Table(
    name: "Tagged",
    columns: [
      Column(name: "Id", type: .long),
      Column(name: "Tags", type: .dynamic),
    ])

  /// A string column reference.
  static func string(_ name: String) -> ScalarExpression { .column(name, .string) }

  /// A long column reference.
  static func long(_ name: String) -> ScalarExpression { .column(name, .long) }

  /// A string literal.
  static func text(_ value: String) -> ScalarExpression { .literal(.string(value)) }

  /// A boolean call.
  static func predicate(_ function: ScalarFunction, _ arguments: ScalarExpression...)
    -> ScalarExpression
  {
    .call(function, arguments, type: .bool)
  }

  /// Emits with a fixed clock and no row limit.
  static func emit(_ relation: Relation, rowLimit: Int64? = nil) -> EmitResult {
    PostgresEmitter(options: EmitOptions(now: 1_700_000_000_000_000, rowLimit: rowLimit))
      .emit(QueryPlan(relation: relation, language: .kql))
  }
}
