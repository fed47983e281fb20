import Hummingbird
import SpoorEngine

extension SpoorAPI {
  /// Adds the routes only the console needs: `GET /api/v1/hits/timeline` (role reader).
  func registerConsoleRoutes(on routes: inout RouteList) {
    routes.get("/api/v1/hits/timeline") { request, context in
      try context.require(.reader)
      let parameters = request.uri.queryParameters
      let since = try instant(parameters.get("since"), name: "since")
      let until = try instant(parameters.get("until"), name: "until")
      let hunt = parameters.get("hunt")
      if let hunt, hunt.isEmpty || hunt.count > 200 { throw APIError.badRequest("hunt: 1 to 200 characters") }
      let buckets = try await pool.withConnection {
        try HuntStore(connection: $0).hitsPerHour(since: since, until: until, huntID: hunt)
      }
      return TimelineBody(buckets: buckets.map { .init(hour: $0.hour, huntID: $0.huntID, hits: $0.hits) })
    }
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
