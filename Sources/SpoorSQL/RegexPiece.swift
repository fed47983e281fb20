/// One top-level piece of a translated pattern: an atom or group with its quantifier, in ARE syntax.
struct RegexPiece: Hashable {
  /// The ARE text.
  var body = ""
  /// True when a greedy variable-length quantifier is in it (on it or inside it).
  var hasGreedy = false
  /// True when a lazy variable-length quantifier is in it.
  var hasLazy = false
  /// The capturing groups opened in it.
  var captureGroups = 0
}

/// Consecutive top-level pieces whose variable-length quantifiers are all greedy or all lazy.
struct RegexChunk: Hashable {
  /// The ARE text.
  var body: String
  /// The capturing groups opened in it.
  var captureGroups: Int
}

extension RegexTranslator.Translation {
  /// The body cut into consecutive chunks of one greediness each, so that every chunk's extent can be taken by
  /// its own match (ARE gives a whole pattern the greediness of its first quantifier, RE2 decides quantifier by
  /// quantifier); nil when a top-level alternation or a piece holding both greedy and lazy quantifiers makes
  /// the cut impossible.
  var uniformChunks: [RegexChunk]? {
    guard !pieces.isEmpty else { return nil }
    var chunks: [RegexChunk] = []
    var chunkIsLazy: Bool?
    for piece in pieces {
      if piece.hasGreedy && piece.hasLazy { return nil }
      let pieceIsLazy: Bool? = piece.hasLazy ? true : piece.hasGreedy ? false : nil
      if let last = chunks.indices.last, pieceIsLazy == nil || chunkIsLazy == nil || pieceIsLazy == chunkIsLazy {
        chunks[last].body += piece.body
        chunks[last].captureGroups += piece.captureGroups
        chunkIsLazy = chunkIsLazy ?? pieceIsLazy
      } else {
        chunks.append(RegexChunk(body: piece.body, captureGroups: piece.captureGroups))
        chunkIsLazy = pieceIsLazy
      }
    }
    return chunks
  }
}
