import Foundation
import NIOSSL

/// The certificate chain and private key of `spoor serve --tls-cert/--tls-key`, read and checked before the
/// server binds, so that a wrong path or file stops it with a message that names the file.
public struct ServerTLS: Sendable {
  /// The server's TLS settings (HTTP/1.1 over TLS 1.2 or later, NIOSSL's defaults).
  let configuration: TLSConfiguration

  /// Reads and checks the PEM files: both readable, the certificate file holds a chain, the key file a key, and
  /// the key belongs to the chain's first certificate.
  /// - Throws: ``ServerSetupError`` saying which file and what is wrong with it.
  public init(certificatePath: String, keyPath: String) throws {
    try Self.checkReadable(certificatePath, what: "TLS certificate (--tls-cert)")
    try Self.checkReadable(keyPath, what: "TLS private key (--tls-key)")
    let chain: [NIOSSLCertificate]
    do {
      chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
    } catch {
      chain = []
    }
    guard !chain.isEmpty else {
      throw ServerSetupError(
        "the TLS certificate \(certificatePath) (--tls-cert) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
    }
    let key: NIOSSLPrivateKey
    do {
      key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
    } catch {
      throw ServerSetupError(
        "the TLS private key \(keyPath) (--tls-key) holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)")
    }
    let configuration = TLSConfiguration.makeServerConfiguration(
      certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    do {
      // Building a context is where BoringSSL checks that the key belongs to the certificate.
      _ = try NIOSSLContext(configuration: configuration)
    } catch {
      throw ServerSetupError(
        "the TLS private key \(keyPath) (--tls-key) does not belong to the certificate \(certificatePath) "
          + "(--tls-cert): \(error)")
    }
    self.configuration = configuration
  }

  private static func checkReadable(_ path: String, what: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ServerSetupError("cannot read the \(what) \(path): no such file")
    }
    guard !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: path) else {
      throw ServerSetupError(
        "cannot read the \(what) \(path): \(isDirectory.boolValue ? "it is a directory" : "permission denied")")
    }
  }
}

/// Why `spoor serve` cannot start, in words that name the setting to fix.
public struct ServerSetupError: Error, CustomStringConvertible, Sendable {
  public var description: String

  /// Creates an error with its message.
  public init(_ description: String) { self.description = description }
}
