import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 for tests that fetch over the network (`externaldata`): fixed answers
/// per path, an optional delay before answering, and a count of the requests each path received.
///
/// Each connection is served on its own thread and closed after one answer. State is guarded by `lock`, which makes
/// the `@unchecked Sendable` sound.
public final class LoopbackHTTPServer: @unchecked Sendable {
  /// One canned answer.
  public struct Response: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The body.
    public var body: [UInt8]
    /// Seconds to wait before answering.
    public var delaySeconds: Double

    /// Creates an answer.
    public init(status: Int = 200, body: String, delaySeconds: Double = 0) {
      self.status = status
      self.body = Array(body.utf8)
      self.delaySeconds = delaySeconds
    }

    /// An answer with a raw body.
    public init(status: Int = 200, bytes: [UInt8], delaySeconds: Double = 0) {
      self.status = status
      self.body = bytes
      self.delaySeconds = delaySeconds
    }
  }

  /// The port the server listens on.
  public let port: Int
  private let listener: Int32
  private let lock = NSLock()
  private var routes: [String: Response]
  private var counts: [String: Int] = [:]

  /// Starts a server on a free loopback port.
  /// - Throws: when no socket can be bound.
  public init(routes: [String: Response]) throws {
    self.routes = routes
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    guard bound == 0, listen(descriptor, 16) == 0 else {
      close(descriptor)
      throw POSIXError(.EADDRINUSE)
    }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    listener = descriptor
    port = Int(UInt16(bigEndian: address.sin_port))
    let thread = Thread { [self] in acceptLoop() }
    thread.start()
  }

  /// `http://127.0.0.1:PORT/path`.
  public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

  /// Sets or replaces the answer for `path`.
  public func set(_ path: String, _ response: Response) {
    lock.lock()
    routes[path] = response
    lock.unlock()
  }

  /// How many requests `path` has received.
  public func requests(to path: String) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return counts[path] ?? 0
  }

  /// Stops accepting connections.
  public func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  private func acceptLoop() {
    while true {
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else { return }
      let thread = Thread { [self] in serve(connection) }
      thread.start()
    }
  }

  private func serve(_ connection: Int32) {
    defer { close(connection) }
    var request: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !request.containsHeaderEnd {
      let count = recv(connection, &buffer, buffer.count, 0)
      guard count > 0 else { return }
      request.append(contentsOf: buffer[0..<count])
    }
    let firstLine = String(decoding: request.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
    let parts = firstLine.split(separator: " ")
    let path = parts.count > 1 ? String(parts[1]) : "/"
    lock.lock()
    counts[path, default: 0] += 1
    let response = routes[path] ?? Response(status: 404, body: "not found")
    lock.unlock()
    if response.delaySeconds > 0 { Thread.sleep(forTimeInterval: response.delaySeconds) }
    let head =
      "HTTP/1.1 \(response.status) Status\r\nContent-Length: \(response.body.count)\r\n"
      + "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
    let bytes = Array(head.utf8) + response.body
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        #if canImport(Glibc)
          let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
        #else
          let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, 0)
        #endif
        guard sent > 0 else { return }
        offset += sent
      }
    }
  }
}

extension [UInt8] {
  fileprivate var containsHeaderEnd: Bool {
    guard count >= 4 else { return false }
    for index in 0...(count - 4)
    where self[index] == 0x0D && self[index + 1] == 0x0A && self[index + 2] == 0x0D && self[index + 3] == 0x0A {
      return true
    }
    return false
  }
}
