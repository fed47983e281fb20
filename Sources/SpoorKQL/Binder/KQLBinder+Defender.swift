import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// FileProfile's output columns in Defender's documented order, with their types.
  static let fileProfileColumns: [OutputColumn] = [
    OutputColumn(name: "SHA1", type: .string), OutputColumn(name: "SHA256", type: .string),
    OutputColumn(name: "MD5", type: .string), OutputColumn(name: "FileSize", type: .long),
    OutputColumn(name: "GlobalPrevalence", type: .long), OutputColumn(name: "GlobalFirstSeen", type: .datetime),
    OutputColumn(name: "GlobalLastSeen", type: .datetime), OutputColumn(name: "Signer", type: .string),
    OutputColumn(name: "Issuer", type: .string), OutputColumn(name: "SignerHash", type: .string),
    OutputColumn(name: "IsCertificateValid", type: .bool), OutputColumn(name: "IsRootSignerMicrosoft", type: .bool),
    OutputColumn(name: "SignatureState", type: .string), OutputColumn(name: "IsExecutable", type: .bool),
    OutputColumn(name: "ThreatName", type: .string), OutputColumn(name: "Publisher", type: .string),
    OutputColumn(name: "SoftwareName", type: .string), OutputColumn(name: "ProfileAvailability", type: .string),
  ]

  /// The columns FileProfile's first argument may name (Defender's documented file identifiers).
  static let fileProfileKeys = ["SHA1", "SHA256", "InitiatingProcessSHA1", "InitiatingProcessSHA256"]

  /// `invoke FileProfile([x [, y]])`: the input's rows with FileProfile's columns added, each read from
  /// `spoor.file_profile` (migration 0062) for the file whose hash is in column `x` (SHA1 by default).
  ///
  /// Defender enriches at most `y` (1–1000, default 100) files and leaves the others' columns empty; which ones it
  /// picks is not documented, so Spoor enriches every row, which agrees with Defender whenever the input holds at
  /// most `y` files. The key column stays as it is (`SHA1` or `SHA256` is not added again); any other input column
  /// with the name of an output column is refused, as Defender's naming of such clashes is not documented.
  mutating func bindFileProfile(_ arguments: [KQLExpression], span: Span, input: BoundTable) -> Relation? {
    guard let relation = input.relation, let columns = input.columns else { return nil }
    guard arguments.count <= 2 else {
      report(KQLDiagnostics.argumentCount("FileProfile", expected: "0 to 2", got: arguments.count, at: span))
      return nil
    }
    var keyName = "SHA1"
    if let first = arguments.first {
      switch first.kind {
      case .name(let name): keyName = name
      case .literal(.string(let name)): keyName = name
      default:
        report(KQLDiagnostics.expectedConstant("FileProfile's file identifier column", at: first.span))
        return nil
      }
      guard Self.fileProfileKeys.contains(keyName) else {
        report(
          KQLDiagnostics.fileProfileKey(keyName, keys: Self.fileProfileKeys, at: first.span))
        return nil
      }
    }
    if arguments.count == 2 {
      guard case .literal(.long(let limit)) = arguments[1].kind, (1...1000).contains(limit) else {
        report(
          KQLDiagnostics.fileProfileLimit(at: arguments[1].span))
        return nil
      }
    }
    guard let key = columns.first(where: { $0.name == keyName }), key.type == .string else {
      report(
        KQLDiagnostics.unknownColumn(
          keyName, in: input.description, at: arguments.first?.span ?? span,
          help: NameSuggester.help(for: keyName, among: columns.map(\.name))))
      return nil
    }
    let added = Self.fileProfileColumns.filter { $0.name != keyName }
    if let clash = added.first(where: { column in columns.contains { $0.name == column.name } }) {
      report(
        KQLDiagnostics.fileProfileClash(clash.name, at: span))
      return nil
    }
    let bySHA256 = keyName.hasSuffix("SHA256")
    let hidden = "__file_profile"
    let profile = call(
      .fileProfile, [.column(keyName, .string, span: span), .literal(.bool(bySHA256))], .dynamic, span)
    let withProfile = Relation.project(
      relation, columns.map(Self.passThrough) + [NamedExpression(name: hidden, expression: profile)])
    let outputs = added.map { column in
      let member = call(
        .memberAccess, [.column(hidden, .dynamic, span: span), .literal(.string(column.name))], .dynamic, span)
      return NamedExpression(name: column.name, expression: Self.converted(member, to: column.type, span: span))
    }
    return .project(withProfile, columns.map(Self.passThrough) + outputs)
  }

  /// The rows both network functions read, then `rest` (KQL over `__spoor_assignments`).
  ///
  /// `invoke F()` where `F` is neither a `let` function nor one Spoor implements: Defender's own functions get their
  /// reason, any other name an unknown-function error with the candidates.
  static func unknownInvokedFunction(_ name: KQLIdentifier, lets: [String: LetBinding]) -> Diagnostic {
    if name.name == "SeenBy" {
      return KQLDiagnostics.seenBy(at: name.span)
    }
    let candidates =
      ["DeviceFromIP", "FileProfile"]
      + lets.compactMap { if case .function = $0.value { $0.key } else { nil } }.sorted()
    return KQLDiagnostics.unknownFunction(
      name.name, at: name.span,
      help: NameSuggester.help(for: name.name, among: candidates)
        ?? "invoke calls a function defined with let (its first parameter a table), FileProfile() or DeviceFromIP()")
  }

  /// The rows: the latest report of every network adapter up to `__spoor_time` (narrowed by `condition`), one row
  /// per element of its `IPAddresses` (Defender's `{"IPAddress", "SubnetPrefix", "AddressType"}` objects) in
  /// column `__spoor_ip`.
  private mutating func bindOverAssignments(
    where condition: String, rest: String, named name: KQLIdentifier, values: [String: LetBinding]
  ) -> BoundTable {
    let latest = bindDefinition(
      """
      DeviceNetworkInfo
      | where Timestamp <= __spoor_time\(condition)
      | summarize arg_max(Timestamp, *) by DeviceId, NetworkAdapterName
      | extend __spoor_ip = parse_json(IPAddresses)
      | where isnotnull(array_length(__spoor_ip))
      """, named: name, values: values)
    guard let relation = latest.relation else { return latest }
    // The filter kept JSON arrays only (a report whose IPAddresses is not one holds no address).
    let expanded = Relation.expand(
      relation, Expansion(column: "__spoor_ip", kind: .array, elementType: .dynamic, indexColumn: nil, keepEmpty: false)
    )
    var lets = values
    lets["__spoor_assignments"] = .tabular(expanded)
    return bindDefinition(rest, named: name, values: lets)
  }

  /// `AssignedIPAddresses(x [, y])`: the IP addresses device `x` (its `DeviceId`, or its `DeviceName` in any case)
  /// had at time `y` (the query's now by default), with Defender's documented columns.
  ///
  /// Defender documents the result ("the most recent IP addresses at the specified time") but not the rows it
  /// reads; Spoor takes, for each of the device's network adapters, its latest DeviceNetworkInfo report at or before
  /// `y`, and returns one row per address in that report's `IPAddresses`: `Timestamp` is the report's time,
  /// `IPType` the address's `AddressType`, `NetworkAdapterType` the adapter's type as DeviceNetworkInfo stores it
  /// (text such as `Ethernet`, where the documentation says int), `ConnectedNetworks` the report's JSON array.
  mutating func bindAssignedIPAddresses(_ name: KQLIdentifier, _ arguments: [KQLExpression], lets: [String: LetBinding])
    -> BoundTable
  {
    let failure = BoundTable(relation: nil, description: name.name)
    guard (1...2).contains(arguments.count) else {
      report(KQLDiagnostics.argumentCount(name.name, expected: "1 or 2", got: arguments.count, at: name.span))
      return failure
    }
    let scope = Scope(columns: [], description: name.name, lets: lets)
    guard let device = bindScalar(arguments[0], in: scope), let time = networkFunctionTime(arguments, scope: scope)
    else { return failure }
    guard device.type == .string else {
      report(KQLDiagnostics.deviceArgument(name.name, at: arguments[0].span))
      return failure
    }
    return bindOverAssignments(
      where: " and (DeviceId == __spoor_device or DeviceName =~ __spoor_device)",
      rest: """
        __spoor_assignments
        | project Timestamp, IPAddress = tostring(__spoor_ip.IPAddress), IPType = tostring(__spoor_ip.AddressType),
          NetworkAdapterType, ConnectedNetworks = parse_json(ConnectedNetworks)
        """, named: name, values: ["__spoor_device": .scalar(device), "__spoor_time": .scalar(time)])
  }

  /// `invoke DeviceFromIP([x [, y]])`: for each input row, the devices that had the address in column `x` (`IP`
  /// by default) at time `y` (a constant, the query's now by default); Defender's documented columns `IP` and
  /// `DeviceId`.
  ///
  /// A device has an address when the latest DeviceNetworkInfo report at or before `y` of one of its network
  /// adapters lists it in `IPAddresses` (the rule ``bindAssignedIPAddresses(_:_:lets:)`` follows). An input row
  /// whose address no device had gives no row; one that several devices had gives one row per device.
  mutating func bindDeviceFromIP(
    _ name: KQLIdentifier, _ arguments: [KQLExpression], input: BoundTable, lets: [String: LetBinding]
  )
    -> Relation?
  {
    guard let relation = input.relation, let columns = input.columns else { return nil }
    guard arguments.count <= 2 else {
      report(KQLDiagnostics.argumentCount(name.name, expected: "0 to 2", got: arguments.count, at: name.span))
      return nil
    }
    var ipName = "IP"
    if let first = arguments.first {
      guard case .name(let written) = first.kind else {
        report(KQLDiagnostics.expectedConstant("DeviceFromIP's address column (a column name)", at: first.span))
        return nil
      }
      ipName = written
    }
    guard let ipColumn = columns.first(where: { $0.name == ipName }), ipColumn.type == .string else {
      report(
        KQLDiagnostics.unknownColumn(
          ipName, in: input.description, at: arguments.first?.span ?? name.span,
          help: NameSuggester.help(for: ipName, among: columns.map(\.name))))
      return nil
    }
    let scope = Scope(columns: [], description: name.name, lets: lets)
    guard let time = networkFunctionTime(arguments, scope: scope) else { return nil }
    let inputRows = Relation.project(
      relation, [NamedExpression(name: "IP", expression: .column(ipName, .string, span: name.span))])
    return bindOverAssignments(
      where: "",
      rest: """
        let __spoor_assigned = __spoor_assignments | project IP = tostring(__spoor_ip.IPAddress), DeviceId
          | distinct IP, DeviceId;
        __spoor_input | join kind=inner (__spoor_assigned) on IP | project IP, DeviceId
        """, named: name, values: ["__spoor_input": .tabular(inputRows), "__spoor_time": .scalar(time)]
    ).relation
  }

  /// The time argument of the network functions (the second), a constant of type datetime; the query's now when
  /// absent.
  private mutating func networkFunctionTime(_ arguments: [KQLExpression], scope: Scope) -> ScalarExpression? {
    guard arguments.count == 2 else { return call(.now, [], .datetime, arguments.first?.span ?? .at(0)) }
    guard let time = bindScalar(arguments[1], in: scope) else { return nil }
    guard time.type == .datetime else {
      report(KQLDiagnostics.timeArgument(at: arguments[1].span))
      return nil
    }
    return time
  }

  /// Binds a function Spoor defines in KQL over the catalog (the Defender network functions), with `values` as
  /// `let` names; errors would be Spoor's, so they are reported at the call as a bug.
  private mutating func bindDefinition(_ text: String, named name: KQLIdentifier, values: [String: LetBinding])
    -> BoundTable
  {
    let parsed = KQLParser.parse(SourceText(name: name.name, text: text))
    var definition = KQLBinder(catalog: catalog)
    var lets = values
    guard catalog.table(named: "DeviceNetworkInfo") != nil else {
      report(KQLDiagnostics.unknownTable("DeviceNetworkInfo", at: name.span, help: nil))
      return BoundTable(relation: nil, description: name.name)
    }
    guard parsed.diagnostics.isEmpty,
      case .tabular(let table) = definition.bindStatements(parsed.query.statements, lets: &lets),
      !definition.diagnostics.containsErrors, let relation = table.relation
    else {
      report(
        KQLDiagnostics.networkFunctionCatalog(name.name, at: name.span))
      return BoundTable(relation: nil, description: name.name)
    }
    return BoundTable(relation: relation, description: name.name)
  }
}
