import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs one external program to completion, optionally as another (unprivileged) user, and captures its output.
///
/// This uses `posix_spawn` and `waitpid` rather than Foundation's `Process`: `pg_ctl start` leaves a server
/// running that inherits the child's descriptors, and `Process.waitUntilExit()` was seen to hang forever in that
/// case (the exited `runuser` stayed a zombie). Output goes to a temporary file for the same reason: a server
/// holding a pipe open would block a reader waiting for end-of-file.
struct CommandRunner: Sendable {
  /// The user to run as through `runuser`, or nil to run as the current user.
  var user: String?

  /// The exit status and the combined standard output and error of a finished program.
  struct Output: Sendable {
    /// The exit status (128 + signal number when a signal killed it).
    var status: Int32
    /// Standard output and standard error, interleaved.
    var text: String
  }

  /// Runs `executable` with `arguments` in `directory` and waits for it.
  /// - Throws: ``EmbeddedClusterError/commandFailed(command:status:output:)`` when it cannot be launched.
  func run(_ executable: String, _ arguments: [String], in directory: String) throws -> Output {
    // `env -C` sets the working directory inside the child (glibc's posix_spawn_file_actions_addchdir_np is not
    // visible to Swift); the server user must be able to enter it, which the caller's directory may not allow.
    let inDirectory = ["/usr/bin/env", "-C", directory, executable] + arguments
    let argv = try user.map { [try Self.locateRunuser(), "-u", $0, "--"] + inDirectory } ?? inDirectory
    var environment = ProcessInfo.processInfo.environment
    // The server tools must not pick up a caller's connection settings.
    for key in environment.keys where key.hasPrefix("PG") { environment.removeValue(forKey: key) }
    environment["LC_ALL"] = "C"
    let outputPath = FileManager.default.temporaryDirectory
      .appendingPathComponent("spoor-command-\(UUID().uuidString).log").path
    defer { unlink(outputPath) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)

    let cArguments = argv.map { strdup($0) } + [nil]
    let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      cArguments.forEach { free($0) }
      cEnvironment.forEach { free($0) }
    }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
    guard spawned == 0 else {
      throw EmbeddedClusterError.commandFailed(
        command: argv[0], status: -1, output: String(cString: strerror(spawned)))
    }
    var waitStatus: Int32 = 0
    while waitpid(pid, &waitStatus, 0) < 0 {
      guard errno == EINTR else {
        throw EmbeddedClusterError.commandFailed(command: argv[0], status: -1, output: String(cString: strerror(errno)))
      }
    }
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    return Output(status: Self.exitStatus(waitStatus), text: text)
  }

  /// Runs a program and throws unless it exits with status 0.
  @discardableResult
  func check(_ executable: String, _ arguments: [String], in directory: String) throws -> String {
    let output = try run(executable, arguments, in: directory)
    guard output.status == 0 else {
      let name = ([URL(fileURLWithPath: executable).lastPathComponent] + arguments).joined(separator: " ")
      throw EmbeddedClusterError.commandFailed(command: name, status: output.status, output: output.text)
    }
    return output.text
  }

  /// The exit code of a `waitpid` status (the `WIFEXITED`/`WEXITSTATUS` macros do not import into Swift).
  private static func exitStatus(_ status: Int32) -> Int32 {
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  /// The `runuser` binary of util-linux.
  private static func locateRunuser() throws -> String {
    for path in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
    where FileManager.default.isExecutableFile(atPath: path) {
      return path
    }
    throw EmbeddedClusterError.missingTool(name: "runuser", package: "util-linux")
  }
}
