import SpoorDiagnostics

/// A source followed by piped tabular operators: `DeviceProcessEvents | where … | project …`.
public struct KQLTabularExpression: Hashable, Sendable {
  /// Where rows come from.
  public var source: KQLTabularSource
  /// The operators after each `|`, in order.
  public var operators: [KQLOperatorNode]
  /// Where the whole expression is written.
  public var span: Span

  /// Creates a tabular expression.
  public init(source: KQLTabularSource, operators: [KQLOperatorNode], span: Span) {
    self.source = source
    self.operators = operators
    self.span = span
  }
}

/// The first element of a pipeline.
public indirect enum KQLTabularSource: Hashable, Sendable {
  /// A table name, let-bound name, function call or parenthesised query.
  case expression(KQLExpression)
  /// `union [kind=…] [withsource=Name] T1, T2, …` as a source.
  case union(KQLUnionClause)
  /// `datatable(a:string, b:long) [ values… ]`.
  case datatable(columns: [KQLColumnDeclaration], values: [KQLExpression], span: Span)
  /// `externaldata(a:string, …) [ "address", … ] with (format = "csv", …)`.
  case externalData(
    columns: [KQLColumnDeclaration], addresses: [KQLExpression], properties: [KQLAssignment], span: Span)
  /// `range x from a to b step c`.
  case range(name: KQLIdentifier, from: KQLExpression, to: KQLExpression, step: KQLExpression)
  /// `print a = 1, b = "x"`.
  case print([KQLAssignment])
  /// `search [kind=…] [in (T1, T2*)] predicate` as a source.
  case search(KQLSearchClause)
  /// `find [withsource=Name] [in (T1, T2*)] [where] predicate [project …]`.
  case find(KQLFindClause)
  /// A source Spoor recognises but cannot translate (`externaldata`, `search`, `find`, `evaluate`).
  case unsupported(name: String, span: Span)
}

/// `name:type` in `datatable` and function parameter lists.
public struct KQLColumnDeclaration: Hashable, Sendable {
  /// The column name.
  public var name: KQLIdentifier
  /// The type as written (`string`, `long`).
  public var typeName: KQLIdentifier
  /// A function parameter's default value (`n: long = 5`), used when a call leaves the argument out.
  public var defaultValue: KQLExpression?

  /// Creates a declaration.
  public init(name: KQLIdentifier, typeName: KQLIdentifier, defaultValue: KQLExpression? = nil) {
    self.name = name
    self.typeName = typeName
    self.defaultValue = defaultValue
  }
}

/// An optionally named value: `Name = expression` or just `expression`.
public struct KQLAssignment: Hashable, Sendable {
  /// The explicit output name, if written.
  public var name: KQLIdentifier?
  /// The value.
  public var value: KQLExpression
  /// The names of a tuple assignment, `(a, b) = arg_max(…)`, one per column the value yields; empty otherwise.
  public var tupleNames: [KQLIdentifier]

  /// Creates an assignment.
  public init(name: KQLIdentifier?, value: KQLExpression, tupleNames: [KQLIdentifier] = []) {
    self.name = name
    self.value = value
    self.tupleNames = tupleNames
  }
}

/// A `union` operator or source.
public struct KQLUnionClause: Hashable, Sendable {
  /// `kind=inner|outer` (outer by default).
  public var isInner: Bool
  /// The `withsource=Name` column, if any.
  public var withSource: KQLIdentifier?
  /// The unioned tables or sub-queries; a `.name` may contain `*` wildcards.
  public var inputs: [KQLExpression]
  /// `isfuzzy=true`: inputs naming no table are left out (with a warning) as long as one input resolves.
  public var isFuzzy: Bool

  /// Creates a union clause.
  public init(isInner: Bool, withSource: KQLIdentifier?, inputs: [KQLExpression], isFuzzy: Bool = false) {
    self.isInner = isInner
    self.withSource = withSource
    self.inputs = inputs
    self.isFuzzy = isFuzzy
  }
}

/// One `sort by` key.
public struct KQLSortItem: Hashable, Sendable {
  /// The value.
  public var value: KQLExpression
  /// `asc`/`desc` as written; nil means Kusto's default (descending).
  public var ascending: Bool?
  /// `nulls first`/`nulls last` as written; nil means the default for the direction.
  public var nullsFirst: Bool?

  /// Creates a sort key.
  public init(value: KQLExpression, ascending: Bool?, nullsFirst: Bool?) {
    self.value = value
    self.ascending = ascending
    self.nullsFirst = nullsFirst
  }
}

/// A column name pattern in `project-away`/`project-keep`/`project-reorder`; `*` matches any run.
public struct KQLNamePattern: Hashable, Sendable {
  /// The pattern text.
  public var pattern: String
  /// Where it is written.
  public var span: Span

  /// Creates a pattern.
  public init(pattern: String, span: Span) {
    self.pattern = pattern
    self.span = span
  }

  /// True when the pattern contains a wildcard.
  public var isWildcard: Bool { pattern.contains("*") }

  /// True when `name` matches the pattern.
  public func matches(_ name: String) -> Bool {
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map { Array($0) }
    guard parts.count > 1 else { return name == pattern }
    let characters = Array(name)
    guard characters.count >= parts[0].count, Array(characters.prefix(parts[0].count)) == parts[0]
    else {
      return false
    }
    var position = parts[0].count
    for part in parts.dropFirst().dropLast() where !part.isEmpty {
      guard let found = Self.firstIndex(of: part, in: characters, from: position) else {
        return false
      }
      position = found + part.count
    }
    let last = parts[parts.count - 1]
    return characters.count - position >= last.count && Array(characters.suffix(last.count)) == last
  }

  private static func firstIndex(of part: [Character], in characters: [Character], from start: Int)
    -> Int?
  {
    guard characters.count >= part.count else { return nil }
    var index = start
    while index + part.count <= characters.count {
      if Array(characters[index..<(index + part.count)]) == part { return index }
      index += 1
    }
    return nil
  }
}

/// `search [kind=case_sensitive] [in (T1, T2*)] predicate`.
public struct KQLSearchClause: Hashable, Sendable {
  /// True for `kind=case_sensitive`.
  public var caseSensitive: Bool
  /// The tables of `in (…)` (names may hold `*`); nil when not written.
  public var tables: [KQLExpression]?
  /// The predicate: bare string terms match any column (`.searchTerm`), `Col:"x"` parses as `Col has "x"`.
  public var predicate: KQLExpression

  /// Creates a clause.
  public init(caseSensitive: Bool, tables: [KQLExpression]?, predicate: KQLExpression) {
    self.caseSensitive = caseSensitive
    self.tables = tables
    self.predicate = predicate
  }
}

/// `find [withsource=Name] [in (T1, T2*)] [where] predicate [project-smart | project Col[:type], …]`.
public struct KQLFindClause: Hashable, Sendable {
  /// The source column's name (`withsource=`), if written.
  public var withSource: KQLIdentifier?
  /// The tables, the predicate and its terms (as in `search`, `Col:"x"` excepted).
  public var search: KQLSearchClause
  /// The `project` list: names with optional types; nil for the default `project-smart`.
  public var projection: [(name: KQLIdentifier, typeName: KQLIdentifier?)]?
  /// Where `project-smart`, `project`, `pack(*)` or `pack_all()` is written (or the predicate's end without one).
  public var projectionSpan: Span
  /// True when the `project` list holds `pack(*)` or `pack_all()`.
  public var packsAll: Bool

  /// Creates a clause.
  public init(
    withSource: KQLIdentifier?, search: KQLSearchClause, projection: [(name: KQLIdentifier, typeName: KQLIdentifier?)]?,
    projectionSpan: Span, packsAll: Bool
  ) {
    self.withSource = withSource
    self.search = search
    self.projection = projection
    self.projectionSpan = projectionSpan
    self.packsAll = packsAll
  }

  public static func == (left: KQLFindClause, right: KQLFindClause) -> Bool {
    left.withSource == right.withSource && left.search == right.search && left.projectionSpan == right.projectionSpan
      && left.packsAll == right.packsAll
      && left.projection?.map(\.name) == right.projection?.map(\.name)
      && left.projection?.map(\.typeName) == right.projection?.map(\.typeName)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(withSource)
    hasher.combine(search)
    hasher.combine(projectionSpan)
  }
}
