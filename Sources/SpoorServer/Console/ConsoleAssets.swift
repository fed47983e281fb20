/// The console's own files (from `console/`, compiled in by `scripts/bundle-console.py` so an installed binary
/// serves them from anywhere) and the library files it loads from `/usr/share/javascript`.
enum ConsoleAssets {
  /// The files of Debian's `libjs-codemirror` (5.65) and `libjs-chart.js` (3.9) that `console/index.html`
  /// loads, relative to `/usr/share/javascript`: no other file there is served.
  static let vendorFiles: Set<String> = [
    "codemirror/lib/codemirror.js", "codemirror/lib/codemirror.css", "codemirror/addon/mode/simple.js",
    "codemirror/addon/hint/show-hint.js", "codemirror/addon/hint/show-hint.css",
    "codemirror/addon/edit/matchbrackets.js", "codemirror/addon/runmode/runmode.js", "chart.js/chart.min.js",
  ]
}
