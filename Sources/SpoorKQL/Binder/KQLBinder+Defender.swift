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
  mutating func bindFileProfile(_ arguments: [Expression], span: Span, input: BoundTable) -> Relation? {
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
          KQLDiagnostics.invalidLiteral(
            "FileProfile identifies files by " + Self.fileProfileKeys.joined(separator: ", ") + ", not '\(keyName)'",
            at: first.span))
        return nil
      }
    }
    if arguments.count == 2 {
      guard case .literal(.long(let limit)) = arguments[1].kind, (1...1000).contains(limit) else {
        report(
          KQLDiagnostics.invalidLiteral(
            "FileProfile's row limit must be a number from 1 to 1000", at: arguments[1].span))
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
        KQLDiagnostics.unsupported(
          "FileProfile over an input with a '\(clash.name)' column", at: span,
          note: "Defender's naming of clashing columns is not documented; project the input's columns first"))
      return nil
    }
    let bySHA256 = keyName.hasSuffix("SHA256")
    let hidden = "__file_profile"
    let profile = call(
      .fileProfile, [.column(keyName, .string, span: span), .literal(.bool(bySHA256))], .dynamic, span)
    let withProfile = Relation.project(
      relation, columns.map(Self.passThrough) + [NamedExpression(name: hidden, expression: profile)])
    let conversions: [DataType: ScalarFunction] = [
      .long: .toLong, .datetime: .toDatetime, .bool: .toBool, .string: .toString,
    ]
    let outputs = added.map { column in
      let member = call(
        .memberAccess, [.column(hidden, .dynamic, span: span), .literal(.string(column.name))], .dynamic, span)
      return NamedExpression(
        name: column.name, expression: call(conversions[column.type] ?? .toString, [member], column.type, span))
    }
    return .project(withProfile, columns.map(Self.passThrough) + outputs)
  }

  /// The refusal of Defender's `DeviceFromIP()` and `AssignedIPAddresses()`.
  ///
  /// Both read DeviceNetworkInfo, but Defender does not document which reports they pick (how far back they look,
  /// and whether "latest" is per device or per network adapter), so Spoor cannot give their rows exactly.
  /// `invoke F()` where `F` is neither a `let` function nor one Spoor implements: Defender's own functions get their
  /// reason, any other name an unknown-function error with the candidates.
  static func unknownInvokedFunction(_ name: Identifier, lets: [String: LetBinding]) -> Diagnostic {
    if name.name == "SeenBy" {
      return KQLDiagnostics.unsupported(
        "Defender's SeenBy()", at: name.span,
        note:
          "it reads Defender's device-discovery records (which onboarded device observed which device), which no "
          + "table in Spoor holds")
    }
    let candidates = ["FileProfile"] + lets.compactMap { if case .function = $0.value { $0.key } else { nil } }.sorted()
    return KQLDiagnostics.unknownFunction(
      name.name, at: name.span,
      help: NameSuggester.help(for: name.name, among: candidates)
        ?? "invoke calls a function defined with let (its first parameter a table) or FileProfile()")
  }

  static func undocumentedDefenderFunction(_ name: Identifier) -> Diagnostic {
    KQLDiagnostics.unsupported(
      "Defender's \(name.name)()", at: name.span,
      note:
        "Defender does not document which DeviceNetworkInfo reports it reads (look-back, latest per device or per "
        + "adapter); query DeviceNetworkInfo directly")
  }
}
