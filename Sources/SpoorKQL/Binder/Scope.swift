import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// What a `let` name stands for.
enum LetBinding {
  /// A scalar or list value (constants are folded into the expression).
  case scalar(ScalarExpression)
  /// A tabular expression.
  case tabular(Relation)
  /// A lambda-style function, bound at each call with the names visible where it was defined.
  case function(LetFunction)
  /// The definition failed to bind (already diagnosed): uses stay silent.
  case error
}

/// A `let f = (params) { body }` definition.
struct LetFunction {
  /// The parameters in order.
  var parameters: [KQLColumnDeclaration]
  /// The statements of the body.
  var body: [KQLStatement]
  /// The `let` names visible where the function was defined.
  var lets: [String: LetBinding]
}

/// The names an expression can refer to: the input's columns, `let` names and same-operator definitions.
struct Scope {
  /// The input's columns; nil when the input failed to bind, which silences unknown-column errors.
  var columns: [OutputColumn]?
  /// How the input is named in messages (`DeviceProcessEvents`).
  var description: String
  /// `let` names.
  var lets: [String: LetBinding]
  /// Columns defined earlier in the same `extend`/`project`, replaced by their expressions.
  var substitutions: [String: ScalarExpression] = [:]
  /// The input's rows as read from a table: nil when they are not (after an operator other than `where`),
  /// else whether the table keeps each row's ingest time (`ingestion_time()`).
  var ingestTimeKept: Bool? = nil

  /// The column with exactly this name.
  func column(named name: String) -> OutputColumn? {
    columns?.first { $0.name == name }
  }

  /// Every name a misspelling could have meant.
  var candidateNames: [String] {
    (columns?.map(\.name) ?? []) + Array(substitutions.keys)
      + lets.compactMap { name, binding in
        if case .scalar = binding { return name }
        return nil
      }
  }
}

/// A bound tabular value: the relation (nil after an error) and how messages name it.
struct BoundTable {
  /// The relation, or nil when binding failed (already diagnosed).
  var relation: Relation?
  /// A name for messages.
  var description: String

  /// The output columns, or nil after an error.
  var columns: [OutputColumn]? { relation?.columns }
}
