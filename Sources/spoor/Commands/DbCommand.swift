import ArgumentParser
import SpoorEngine

/// `spoor db`: manage the embedded PostgreSQL cluster.
struct DbCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db",
    abstract: "Manage Spoor's embedded PostgreSQL cluster.",
    discussion: """
      The cluster lives in $SPOOR_HOME/cluster, else /var/lib/spoor/cluster for root, else \
      $XDG_DATA_HOME/spoor/cluster (~/.local/share/spoor/cluster). It listens only on a Unix socket in a private \
      directory; as root, the server runs as the unprivileged `postgres` (or `spoor`) user.
      """,
    subcommands: [DbStartCommand.self, DbStopCommand.self, DbStatusCommand.self, DbURLCommand.self]
  )
}
