import SpoorPlan

/// The KQL front end's language tag.
public let kqlLanguage = QueryLanguage.kql
