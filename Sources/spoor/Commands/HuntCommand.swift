import ArgumentParser

/// `spoor hunt`: the stored hunts in `queries/`.
struct HuntCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hunt",
    abstract: "List, show, validate, run and reset the stored hunts (queries/*.yaml).",
    discussion: "The hunt file format is documented in queries/README.md.",
    subcommands: [
      HuntListCommand.self, HuntShowCommand.self, HuntValidateCommand.self, HuntRunCommand.self,
      HuntResetCommand.self,
    ]
  )
}
