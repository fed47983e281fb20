import ArgumentParser
import Foundation
import SpoorEngine
import SpoorServer

/// `spoor token`: the bearer tokens of `spoor serve`.
struct TokenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token",
    abstract: "Create, list and revoke the bearer tokens of `spoor serve`.",
    subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self])
}

extension Role: ExpressibleByArgument {}

/// `spoor token create NAME --role R`: prints a new token, once.
struct TokenCreateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create",
    abstract: "Create a token and print it (only its SHA-256 is stored: copy it now).",
    discussion: """
      Roles: reader (schema, hunts, hits, runs, metrics), hunter (also query, validate, explain, run a hunt), \
      admin (everything), ingest (only /ingest).
      """)

  @OptionGroup var database: DatabaseOptions

  @Argument(help: "A name for the token (who or what uses it).")
  var name: String?

  @Option(name: .customLong("name"), help: ArgumentHelp("The name, as an option.", valueName: "name"))
  var nameOption: String?

  @Option(help: "reader, hunter, ingest or admin.")
  var role: Role

  func validate() throws {
    guard (name == nil) != (nameOption == nil) else { throw ValidationError("give the token's name once") }
  }

  func run() throws {
    let connection = try database.connectMigrated()
    defer { connection.close() }
    do {
      print(try TokenStore.create(name: name ?? nameOption ?? "", role: role, on: connection))
    } catch let error as TokenError {
      throw CommandError(error.description)
    }
  }
}

/// `spoor token list`.
struct TokenListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tokens (never their text).")

  @OptionGroup var database: DatabaseOptions

  func run() throws {
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let rows = try TokenStore.list(on: connection).map { token in
      [token.name, token.role.rawValue, token.createdAt, token.revokedAt ?? "live"]
    }
    let header = ["NAME", "ROLE", "CREATED", "REVOKED"]
    var widths = header.map(\.count)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    for row in [header] + rows {
      let padded = zip(row.dropLast(), widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
      print((padded + [row.last ?? ""]).joined(separator: "  "))
    }
  }
}

/// `spoor token revoke NAME`.
struct TokenRevokeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "revoke", abstract: "Revoke the live token with this name; its next request gets 401.")

  @OptionGroup var database: DatabaseOptions

  @Argument(help: "The token's name.")
  var name: String

  func run() throws {
    let connection = try database.connectMigrated()
    defer { connection.close() }
    guard try TokenStore.revoke(name: name, on: connection) else {
      throw CommandError("no live token is called '\(name)' (see `spoor token list`)")
    }
    print("token \(name) revoked")
  }
}
