import Foundation
import Hummingbird
import SpoorEngine

extension SpoorAPI {
  /// Adds the routes only the console needs: `GET /api/v1/hits/timeline` (role reader).
  func registerConsoleRoutes(on router: Router<ServerContext>) {
    router.get("api/v1/hits/timeline") { request, context in
      try context.require(.reader)
      let parameters = request.uri.queryParameters
      let since = try parameters.get("since").map { try Self.instant($0, name: "since") }
      let until = try parameters.get("until").map { try Self.instant($0, name: "until") }
      let hunt = parameters.get("hunt")
      if let hunt, hunt.isEmpty || hunt.count > 200 { throw APIError.badRequest("hunt: 1 to 200 characters") }
      let buckets = try await pool.withConnection {
        try HitTimeline.hourly(since: since, until: until, huntID: hunt, on: $0)
      }
      return TimelineBody(buckets: buckets.map { .init(hour: $0.hour, huntID: $0.huntID, hits: $0.hits) })
    }
  }

  /// An RFC 3339 date-time query parameter as microseconds since the epoch, or 400.
  static func instant(_ text: String, name: String) throws -> Int64 {
    let plain = ISO8601DateFormatter()
    let fractional = ISO8601DateFormatter()
    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
      throw APIError.badRequest("\(name): write an RFC 3339 date-time such as 2026-01-01T00:00:00Z")
    }
    return Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
  }
}

/// `GET /api/v1/hits/timeline`: hits per hunt per UTC hour, oldest first (the view `spoor.hits_per_hour`).
struct TimelineBody: ResponseEncodable {
  struct Bucket: Codable {
    var hour: String
    var huntID: String
    var hits: Int64
  }

  var buckets: [Bucket]
}
