extension KQLFunction {
  /// How Kusto names the column of an unnamed call (`summarize make_list(tostring(c)) by startofday(T)`).
  ///
  /// Kusto.Language's `ResultNameKind` (`Binder.GetFunctionResultName`): most scalar functions give no name (the
  /// column becomes `Column1`, … or the aggregate's bare prefix such as `list_`).
  enum ResultName: Sendable {
    /// The name of the first argument, recursively (`tostring(c)` → `c`).
    case firstArgument
    /// The name of the only argument (`make_datetime(d)` → `d`); none with several arguments.
    case onlyArgument
    /// A prefix, `_` and the name of the first argument (`strlen(c)` → `strlen_c`, `gettype(c)` → `type_c`).
    case prefixAndFirstArgument(String)
  }

  /// The scalar functions that pass a name on, as Kusto.Language's `Functions.cs` declares them
  /// (`WithResultNameKind`); every other function gives none.
  static let resultNames: [String: ResultName] = {
    var names: [String: ResultName] = [:]
    for name in [
      "tostring", "tohex", "todynamic", "toobject", "tolong", "toint", "toreal", "todouble", "todatetime",
      "totimespan", "totime", "tobool", "toboolean", "todecimal", "toguid", "parse_csv", "parsejson", "parse_json",
      "parse_xml", "format_datetime", "format_timespan", "startofday", "bin", "floor", "bin_at", "bin_auto",
      "datetime_to_locale_string", "number_to_locale_string", "binary_and", "binary_or", "binary_xor",
      "binary_not", "binary_shift_right", "binary_shift_left", "bitset_count_ones",
    ] {
      names[name] = .firstArgument
    }
    names["make_datetime"] = .onlyArgument
    names["make_timespan"] = .onlyArgument
    names["strlen"] = .prefixAndFirstArgument("strlen")
    names["string_size"] = .prefixAndFirstArgument("string_size")
    names["gettype"] = .prefixAndFirstArgument("type")
    names["treepath"] = .prefixAndFirstArgument("tree")
    names["repeat"] = .prefixAndFirstArgument("repeat")
    return names
  }()
}
