import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SpoorEngine
import SpoorPostgres
import SpoorServer
import Testing

/// Bearer tokens and roles: no token 401, the wrong role 403, a revoked token 401, probes open.
@Suite struct AuthTests {
  /// Every authenticated route with a method and a body that would be valid.
  static let routes: [(String, HTTPRequest.Method, Role)] = [
    ("/api/v1/query", .post, .hunter),
    ("/api/v1/validate", .post, .hunter),
    ("/api/v1/explain", .post, .hunter),
    ("/api/v1/schema", .get, .reader),
    ("/api/v1/hunts", .get, .reader),
    ("/api/v1/hunts/calc-starts", .get, .reader),
    ("/api/v1/hunts/calc-starts/run", .post, .hunter),
    ("/api/v1/hunts/calc-starts/reset", .post, .admin),
    ("/api/v1/hits", .get, .reader),
    ("/api/v1/runs", .get, .reader),
    ("/api/v1/ingest?table=DeviceProcessEvents", .post, .ingest),
    ("/metrics", .get, .reader),
  ]

  @Test func everyRouteNeedsAToken() async throws {
    let harness = try ServerHarness("serve_auth_none")
    try await harness.run { client in
      for (uri, method, _) in Self.routes {
        let response = try await client.execute(uri: uri, method: method, headers: harness.headers(nil))
        try Body.error(response, status: .unauthorized, code: "unauthorized")
        #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(uri)")
        var wrong = harness.headers(nil)
        wrong[.authorization] = "Bearer spoor_0000"
        try Body.error(
          try await client.execute(uri: uri, method: method, headers: wrong), status: .unauthorized,
          code: "unauthorized")
        wrong[.authorization] = "Basic dXNlcjpwYXNz"
        try Body.error(
          try await client.execute(uri: uri, method: method, headers: wrong), status: .unauthorized,
          code: "unauthorized")
      }
      // An unknown path needs a token too (so it reveals nothing), then answers 404 in the same shape.
      try Body.error(
        try await client.execute(uri: "/api/v1/nothing", method: .get, headers: harness.headers(nil)),
        status: .unauthorized, code: "unauthorized")
      try Body.error(
        try await client.execute(uri: "/api/v1/nothing", method: .get, headers: harness.headers(.admin)),
        status: .notFound, code: "not_found")
    }
  }

  @Test func rolesAllowWhatTheyIncludeAndNothingElse() async throws {
    let harness = try ServerHarness("serve_auth_roles")
    try await harness.run { client in
      for (uri, method, required) in Self.routes {
        for role in Role.allCases {
          let body: ByteBuffer? =
            uri.contains("ingest")
            ? ByteBuffer(string: "") : method == .post ? Body.json(["query": "DeviceProcessEvents | take 1"]) : nil
          let response = try await client.execute(uri: uri, method: method, headers: harness.headers(role), body: body)
          if role.allows(required) {
            #expect(response.status != .forbidden && response.status != .unauthorized, "\(role) \(uri)")
          } else {
            let error = try Body.error(response, status: .forbidden, code: "forbidden")
            #expect((error["message"] as? String)?.contains(required.rawValue) == true)
          }
        }
      }
    }
  }

  @Test func roleInclusion() {
    #expect(Role.admin.allows(.reader) && Role.admin.allows(.hunter) && Role.admin.allows(.ingest))
    #expect(Role.hunter.allows(.reader) && !Role.hunter.allows(.admin) && !Role.hunter.allows(.ingest))
    #expect(!Role.reader.allows(.hunter) && !Role.ingest.allows(.reader) && Role.ingest.allows(.ingest))
  }

  @Test func revokedTokensStopWorkingAndAreStoredHashed() async throws {
    let harness = try ServerHarness("serve_auth_revoke")
    let connection = try Connection(configuration: harness.database)
    defer { connection.close() }
    let stored = try connection.execute("SELECT token_sha256 FROM spoor.api_tokens WHERE name = 'test-reader'")
    let digest = try #require(stored.rows.first?[0])
    #expect(digest.count == 64 && digest != harness.tokens[.reader])
    #expect(try TokenStore.list(on: connection).map(\.name).contains("test-reader"))
    #expect(throws: TokenError.self) { try TokenStore.create(name: "test-reader", role: .reader, on: connection) }
    try await harness.run { client in
      #expect(
        try await client.execute(uri: "/api/v1/hunts", method: .get, headers: harness.headers(.reader)).status == .ok)
      let revoking = try Connection(configuration: harness.database)
      defer { revoking.close() }
      #expect(try TokenStore.revoke(name: "test-reader", on: revoking))
      try Body.error(
        try await client.execute(uri: "/api/v1/hunts", method: .get, headers: harness.headers(.reader)),
        status: .unauthorized, code: "unauthorized")
    }
    #expect(try TokenStore.list(on: connection).first { $0.name == "test-reader" }?.revokedAt != nil)
    #expect(try !TokenStore.revoke(name: "test-reader", on: connection))
  }

  @Test func probesNeedNoToken() async throws {
    let harness = try ServerHarness("serve_auth_probes")
    try await harness.run { client in
      let health = try await client.execute(uri: "/healthz", method: .get)
      #expect(health.status == .ok)
      #expect(try Body.object(health)["status"] as? String == "ok")
      let ready = try await client.execute(uri: "/readyz", method: .get)
      #expect(try Body.object(ready)["status"] as? String == "ready")
    }
  }
}
