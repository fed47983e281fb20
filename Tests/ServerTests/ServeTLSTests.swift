import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import SpoorTestSupport
import Testing

/// `spoor serve --tls-cert --tls-key` as a process: a real HTTPS request with a certificate made here, and a
/// clear error for each kind of bad file.
@Suite(.serialized) struct ServeTLSTests {
  /// A folder with a self-signed certificate for 127.0.0.1 (`cert.pem`), its key (`key.pem`) and another key
  /// (`other-key.pem`), made with the openssl command.
  static func makeCertificate() throws -> String {
    let folder = NSTemporaryDirectory() + "spoor-tls-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try openssl([
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
      "-subj", "/CN=spoor test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem",
    ])
    try openssl([
      "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", folder + "/other-key.pem",
    ])
    return folder
  }

  static func openssl(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
      throw ServerTestError(message: "the TLS tests need the openssl command (apt-get install openssl)")
    }
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ServerTestError(message: "openssl \(arguments.joined(separator: " ")) failed")
    }
  }

  @Test func servesHTTPSWithTheGivenCertificate() async throws {
    let folder = try Self.makeCertificate()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let database = try TestDatabase.makeDatabase(named: "serve_tls")
    let server = try ServeProcess(
      database: database, arguments: ["--tls-cert", folder + "/cert.pem", "--tls-key", folder + "/key.pem"])
    defer { _ = server.stop() }
    #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))

    // A client that trusts exactly this certificate (and verifies the host name against it).
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(folder + "/cert.pem"))
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    var request = HTTPClientRequest(url: server.baseURL + "/api/v1/hunts")
    request.headers.add(name: "Authorization", value: "Bearer \(server.hunterToken)")
    let response = try await client.execute(request, timeout: .seconds(60))
    #expect(response.status == .ok)
    let body = try await response.body.collect(upTo: 1 << 20)
    let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
    #expect(json?["hunts"] is [Any], "\(String(buffer: body))")
    try await client.shutdown()

    // A client with the system's trust store refuses the self-signed certificate: the TLS is real.
    let strict = HTTPClient(eventLoopGroupProvider: .singleton)
    await #expect(throws: (any Error).self) {
      _ = try await strict.execute(HTTPClientRequest(url: server.baseURL + "/healthz"), timeout: .seconds(60))
    }
    try await strict.shutdown()
    // Plain HTTP on the TLS port gets no HTTP answer.
    let plain = HTTPClient(eventLoopGroupProvider: .singleton)
    let plainURL = "http://127.0.0.1:\(server.port)/healthz"
    let plainStatus = try? await plain.execute(HTTPClientRequest(url: plainURL), timeout: .seconds(60)).status
    #expect(plainStatus == nil)
    try await plain.shutdown()
  }

  @Test func badCertificateOrKeyFilesStopWithAClearError() throws {
    let folder = try Self.makeCertificate()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let database = try TestDatabase.makeDatabase(named: "serve_tls_bad")
    let url = SpoorBinary.conninfo(database)
    let (cert, key, other) = (folder + "/cert.pem", folder + "/key.pem", folder + "/other-key.pem")
    let cases: [(certificate: String, key: String, message: String)] = [
      (
        folder + "/missing.pem", key, "cannot read the TLS certificate (--tls-cert) \(folder)/missing.pem: no such file"
      ),
      (
        cert, folder + "/missing-key.pem",
        "cannot read the TLS private key (--tls-key) \(folder)/missing-key.pem: no such file"
      ),
      (folder, key, "cannot read the TLS certificate (--tls-cert) \(folder): it is a directory"),
      (key, key, "the TLS certificate \(key) (--tls-cert) holds no PEM certificate"),
      (cert, cert, "the TLS private key \(cert) (--tls-key) holds no unencrypted PEM private key"),
      (cert, other, "the TLS private key \(other) (--tls-key) does not belong to the certificate \(cert)"),
    ]
    for item in cases {
      let result = try ServeProcess.runToEnd([
        "serve", "--database-url", url, "--listen", "127.0.0.1:0", "--tls-cert", item.certificate, "--tls-key",
        item.key,
      ])
      #expect(result.status == 1, "\(item.certificate) \(item.key): \(result.standardError)")
      #expect(result.standardError.contains("error: " + item.message), "\(result.standardError)")
    }
    // One of the pair alone is a usage error.
    let alone = try ServeProcess.runToEnd(["serve", "--database-url", url, "--tls-cert", cert])
    #expect(alone.status == 64)
    #expect(alone.standardError.contains("--tls-cert and --tls-key go together"))
  }
}
