import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Reads the bytes of one `externaldata` address: an http(s) URL through Foundation's `URLSession` (libcurl on
/// Linux), or a local file (`file:` URL or a plain path, for air-gapped sites), within a size cap and a timeout.
public enum ExternalDataFetcher {
  /// True for addresses read over the network (and so cached).
  static func isRemote(_ address: String) -> Bool {
    let lower = address.lowercased()
    return lower.hasPrefix("http://") || lower.hasPrefix("https://")
  }

  /// The bytes at `address`.
  /// - Throws: ``ExternalDataError`` for an unknown host, a refused connection, an HTTP status other than 2xx, a
  ///   blob over `options.maxBytes`, the timeout, or a local file that cannot be read.
  public static func fetch(_ address: String, options: ExternalDataOptions) throws(ExternalDataError) -> [UInt8] {
    if isRemote(address) { return try download(address, options: options) }
    return try readLocal(address, options: options)
  }

  private static func readLocal(_ address: String, options: ExternalDataOptions) throws(ExternalDataError) -> [UInt8] {
    var path = address
    if address.lowercased().hasPrefix("file:") {
      guard let url = URL(string: address), url.isFileURL, !url.path.isEmpty else {
        throw ExternalDataError(address: address, message: "not a valid file URL (write file:///absolute/path)")
      }
      path = url.path
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      let exists = FileManager.default.fileExists(atPath: path)
      throw ExternalDataError(
        address: address, message: exists ? "the file cannot be read (permissions)" : "no such file")
    }
    defer { try? handle.close() }
    do {
      // One byte past the cap tells "exactly the cap" from "too big" without trusting the file's reported size.
      let data = try handle.read(upToCount: options.maxBytes + 1) ?? Data()
      guard data.count <= options.maxBytes else { throw ExternalDataError.tooLarge(address, limit: options.maxBytes) }
      return [UInt8](data)
    } catch let error as ExternalDataError {
      throw error
    } catch {
      throw ExternalDataError(address: address, message: "reading failed: \(error.localizedDescription)")
    }
  }

  private static func download(_ address: String, options: ExternalDataOptions) throws(ExternalDataError) -> [UInt8] {
    guard let url = URL(string: address), url.host != nil else {
      throw ExternalDataError(address: address, message: "not a valid URL")
    }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = options.timeoutSeconds
    configuration.timeoutIntervalForResource = options.timeoutSeconds
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let download = Download(address: address, options: options)
    let session = URLSession(configuration: configuration, delegate: download, delegateQueue: nil)
    defer { session.finishTasksAndInvalidate() }
    let task = session.dataTask(with: url)
    task.resume()
    // The session's own timeouts end the task; this wait is the backstop if they do not.
    if download.finished.wait(timeout: .now() + options.timeoutSeconds + 5) == .timedOut {
      task.cancel()
      throw ExternalDataError.timedOut(address, seconds: options.timeoutSeconds)
    }
    return try download.result()
  }

  /// Collects one response, cancelling it as soon as it is known to exceed the cap.
  ///
  /// Its state is written by the
  /// session's delegate queue and read after `finished` is signalled, always under `lock`.
  private final class Download: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let address: String
    let options: ExternalDataOptions
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var failure: ExternalDataError?

    init(address: String, options: ExternalDataOptions) {
      self.address = address
      self.options = options
    }

    func result() throws(ExternalDataError) -> [UInt8] {
      lock.lock()
      defer { lock.unlock() }
      if let failure { throw failure }
      return bytes
    }

    private func fail(_ error: ExternalDataError) {
      lock.lock()
      if failure == nil { failure = error }
      lock.unlock()
    }

    func urlSession(
      _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
      completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
      if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
        fail(.httpStatus(address, status: http.statusCode))
        completionHandler(.cancel)
        return
      }
      if response.expectedContentLength > Int64(options.maxBytes) {
        fail(.tooLarge(address, limit: options.maxBytes))
        completionHandler(.cancel)
        return
      }
      completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
      lock.lock()
      let over = bytes.count + data.count > options.maxBytes
      if !over { bytes.append(contentsOf: data) }
      lock.unlock()
      if over {
        fail(.tooLarge(address, limit: options.maxBytes))
        dataTask.cancel()
      }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
      if let error {
        fail(describe(error))
      }
      finished.signal()
    }

    private func describe(_ error: any Error) -> ExternalDataError {
      guard let urlError = error as? URLError else {
        return ExternalDataError(address: address, message: error.localizedDescription)
      }
      switch urlError.code {
      case .timedOut: return .timedOut(address, seconds: options.timeoutSeconds)
      case .cannotFindHost, .dnsLookupFailed:
        return ExternalDataError(address: address, message: "the host name could not be resolved (DNS)")
      case .cannotConnectToHost:
        return ExternalDataError(address: address, message: "the connection was refused")
      case .networkConnectionLost:
        return ExternalDataError(address: address, message: "the connection was lost during the transfer")
      case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
        .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
        return ExternalDataError(address: address, message: "TLS failed: \(urlError.localizedDescription)")
      default:
        return ExternalDataError(address: address, message: urlError.localizedDescription)
      }
    }
  }
}
