import SpoorPlan

/// The XQL front end's language tag.
public let xqlLanguage = QueryLanguage.xql
