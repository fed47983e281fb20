/// The `preset = …` views Spoor knows, each a filter over `xdr_data`.
///
/// A preset is a named, pre-filtered view of `xdr_data` with the same fields (xdr-data-schema "Presets"). Spoor's
/// decisions, one per preset:
/// - `xdr_process` → `event_type = PROCESS`; `xdr_file` → `FILE`; `xdr_registry` → `REGISTRY`;
///   `xdr_image_load` → `LOAD_IMAGE`; `xdr_injection` → `INJECTION`; `xdr_event_log` → `EVENT_LOG`.
/// - `network_story` and `xdr_network` → `event_type = NETWORK` (the corpus always pairs `network_story` with
///   `event_type = ENUM.NETWORK`, so a STORY-only view would make those hunts return nothing).
/// - `authentication_story` → `event_type = EVENT_LOG` with a Windows logon/credential event id
///   (4624, 4625, 4634, 4647, 4648, 4672, 4768, 4769, 4771, 4776): `xdr_data` has no authentication event type.
struct XQLPreset {
  /// The `event_type` constant rows must have.
  var eventType: String
  /// When set, `action_evtlog_event_id` must be one of these.
  var eventLogIds: [Int64]?

  /// Every preset by lowercase name.
  static let all: [String: XQLPreset] = [
    "xdr_process": XQLPreset(eventType: "PROCESS"),
    "xdr_file": XQLPreset(eventType: "FILE"),
    "xdr_registry": XQLPreset(eventType: "REGISTRY"),
    "xdr_image_load": XQLPreset(eventType: "LOAD_IMAGE"),
    "xdr_injection": XQLPreset(eventType: "INJECTION"),
    "xdr_event_log": XQLPreset(eventType: "EVENT_LOG"),
    "xdr_network": XQLPreset(eventType: "NETWORK"),
    "network_story": XQLPreset(eventType: "NETWORK"),
    "authentication_story": XQLPreset(
      eventType: "EVENT_LOG", eventLogIds: [4624, 4625, 4634, 4647, 4648, 4672, 4768, 4769, 4771, 4776]),
  ]

  init(eventType: String, eventLogIds: [Int64]? = nil) {
    self.eventType = eventType
    self.eventLogIds = eventLogIds
  }
}
