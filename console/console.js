// Spoor's hunting console: plain JavaScript over the /api/v1 API of `spoor serve`, no build step.
// CodeMirror 5 and Chart.js 3 come from Debian's libjs-codemirror and libjs-chart.js, served by `spoor serve`
// under /vendor/; without them the editor is a plain text area and results have no chart.
(function () {
  "use strict";

  const api = "/api/v1";
  const tokenKey = "spoor.token";
  const $ = (id) => document.getElementById(id);
  const state = { schema: { kql: null, xql: null }, tables: [], editor: null, marks: [], chart: null, hitsChart: null,
    result: null, sort: null };

  // MARK: Token and requests

  function token() { return sessionStorage.getItem(tokenKey) || ""; }

  function setToken(value) {
    if (value) sessionStorage.setItem(tokenKey, value); else sessionStorage.removeItem(tokenKey);
    showLoginState();
  }

  function showLoginState() {
    const label = $("login-state");
    label.textContent = token() ? "token set" : "no token";
    label.className = "login-state" + (token() ? " ok" : "");
  }

  /** An error from the API, with its code, message and diagnostics. */
  class APIError extends Error {
    constructor(status, body) {
      const error = (body && body.error) || {};
      super(error.message || "HTTP " + status);
      this.status = status;
      this.code = error.code || "http_" + status;
      this.sqlstate = error.sqlstate || null;
      this.diagnostics = error.diagnostics || [];
    }
  }

  async function request(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (token()) headers["Authorization"] = "Bearer " + token();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
    if (!response.ok) throw new APIError(response.status, parsed);
    return parsed;
  }

  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
  }

  function explain(error) {
    if (error.status === 401) return "The API needs a token: paste one from `spoor token create NAME --role hunter`.";
    if (error.status === 403) return "This token's role does not allow that (" + error.message + ").";
    return error.message;
  }

  // MARK: Editor: highlighting and completion

  const kqlOperators = ["where", "filter", "project", "project-away", "project-keep", "project-rename",
    "project-reorder", "extend", "summarize", "sort", "order", "by", "asc", "desc", "top", "take", "limit",
    "distinct", "count", "join", "kind", "on", "lookup", "union", "let", "mv-expand", "mv-apply", "parse",
    "parse-where", "serialize", "as", "invoke", "render", "with", "datatable", "range", "print", "materialize",
    "toscalar", "getschema", "and", "or", "not", "between", "in", "has", "contains", "startswith", "endswith",
    "matches", "regex", "has_any", "has_all", "inner", "innerunique", "leftouter", "rightouter", "fullouter",
    "leftanti", "rightanti", "leftsemi", "rightsemi", "timechart", "columnchart", "barchart", "piechart",
    "linechart", "areachart", "scatterchart", "true", "false"];
  const xqlStages = ["dataset", "preset", "config", "filter", "fields", "alter", "comp", "sort", "limit", "dedup",
    "join", "union", "bin", "arrayexpand", "top", "replacenull", "call", "view", "windowcomp", "graph", "type",
    "xaxis", "yaxis", "series", "header", "subtype", "as", "by", "asc", "desc", "and", "or", "not", "in",
    "contains", "incidr", "case_sensitive", "timeframe", "conflict_strategy", "true", "false", "count",
    "count_distinct", "sum", "avg", "min", "max", "values", "earliest", "latest", "first", "last"];

  function defineModes() {
    if (!window.CodeMirror || !CodeMirror.defineSimpleMode) return;
    const words = (list) => new RegExp("(?:" + list.map((w) => w.replace(/[-]/g, "\\-")).join("|") + ")\\b", "i");
    const common = [
      { regex: /"(?:[^\\"]|\\.)*"?/, token: "string" },
      { regex: /'(?:[^\\']|\\.)*'?/, token: "string" },
      { regex: /@"[^"]*"?/, token: "string" },
      { regex: /\/\/.*/, token: "comment" },
      { regex: /\d+(?:\.\d+)?(?:ms|s|m|h|d|tick|microsecond|millisecond)?\b/i, token: "number" },
      { regex: /[|]/, token: "operator" },
      { regex: /==|!=|=~|!~|<=|>=|~=|[<>=+\-*\/%]/, token: "operator" },
    ];
    CodeMirror.defineSimpleMode("kql", { start: common.concat([
      { regex: words(kqlOperators), token: "keyword" },
      { regex: /[A-Za-z_][\w]*(?=\s*\()/, token: "builtin" },
      { regex: /[A-Za-z_][\w]*/, token: "variable" },
    ]), meta: { lineComment: "//" } });
    CodeMirror.defineSimpleMode("xql", { start: common.concat([
      { regex: words(xqlStages), token: "keyword" },
      { regex: /ENUM\.[A-Z_]+/, token: "variable-2" },
      { regex: /[A-Za-z_][\w]*(?=\s*\()/, token: "builtin" },
      { regex: /[A-Za-z_][\w]*/, token: "variable" },
    ]), meta: { lineComment: "//" } });
  }

  /** Table names, then the columns of the tables the query names (every column when it names none). */
  function completionWords(text) {
    const tables = state.tables;
    const named = tables.filter((t) => new RegExp("\\b" + t.name.replace(/[^\w]/g, "\\$&") + "\\b").test(text));
    const columns = new Set();
    for (const table of named.length ? named : tables) for (const c of table.columns) columns.add(c.name);
    const keywords = currentLanguage(text) === "xql" ? xqlStages : kqlOperators;
    return { tables: tables.map((t) => t.name), columns: Array.from(columns), keywords };
  }

  function hint(cm) {
    const cursor = cm.getCursor();
    const line = cm.getLine(cursor.line);
    let start = cursor.ch;
    while (start > 0 && /[\w\-]/.test(line.charAt(start - 1))) start--;
    const prefix = line.slice(start, cursor.ch).toLowerCase();
    const words = completionWords(cm.getValue());
    const list = [];
    const add = (names, kind) => {
      for (const name of names) {
        if (name.toLowerCase().startsWith(prefix) && name.toLowerCase() !== prefix) {
          list.push({ text: name, displayText: name + "  " + kind, className: "hint-" + kind });
        }
      }
    };
    add(words.tables, "table");
    add(words.columns, "column");
    add(words.keywords, "keyword");
    const seen = new Set();
    const unique = list.filter((item) => !seen.has(item.text) && seen.add(item.text)).slice(0, 60);
    return { list: unique, from: CodeMirror.Pos(cursor.line, start), to: cursor };
  }

  function setupEditor() {
    defineModes();
    const area = $("editor");
    if (!window.CodeMirror) {
      area.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) runQuery(); });
      return;
    }
    state.editor = CodeMirror.fromTextArea(area, {
      mode: "kql", lineNumbers: true, matchBrackets: true, indentUnit: 2, tabSize: 2, lineWrapping: true,
      extraKeys: {
        "Ctrl-Enter": () => runQuery(), "Cmd-Enter": () => runQuery(),
        "Ctrl-Space": (cm) => cm.showHint({ hint, completeSingle: false }),
      },
    });
    state.editor.on("inputRead", (cm, change) => {
      if (/[\w]/.test(change.text.join("")) && cm.state.completionActive == null) {
        const cursor = cm.getCursor();
        const before = cm.getLine(cursor.line).slice(0, cursor.ch);
        if (/[A-Za-z_][\w]{1,}$/.test(before)) cm.showHint({ hint, completeSingle: false });
      }
    });
    state.editor.on("change", () => { clearMarks(); updateMode(); });
  }

  function queryText() { return state.editor ? state.editor.getValue() : $("editor").value; }

  function setQueryText(text) {
    if (state.editor) state.editor.setValue(text); else $("editor").value = text;
    updateMode();
  }

  /** The chosen language, else a guess like the server's: XQL opens with dataset, preset, config or a stage. */
  function currentLanguage(text) {
    const chosen = $("language").value;
    if (chosen) return chosen;
    const first = (text || "").replace(/^\s*(\/\/.*\n\s*)*/, "").trim().toLowerCase();
    return /^(dataset|preset|config|filter|fields|alter|comp|call)\b/.test(first) ? "xql" : "kql";
  }

  function updateMode() {
    if (state.editor) state.editor.setOption("mode", currentLanguage(queryText()));
  }

  // MARK: Schema sidebar

  async function loadSchema() {
    const target = $("schema");
    try {
      const [kql, xql] = await Promise.all([
        request("GET", api + "/schema?language=kql"), request("GET", api + "/schema?language=xql")]);
      state.schema = { kql, xql };
      const byName = new Map();
      for (const table of kql.tables.concat(xql.tables)) byName.set(table.name, table);
      state.tables = Array.from(byName.values()).sort((a, b) => a.name.localeCompare(b.name));
      drawSchema();
    } catch (error) {
      target.innerHTML = "";
      const item = document.createElement("li");
      item.className = "empty";
      item.style.padding = "8px 10px";
      item.textContent = explain(error);
      target.appendChild(item);
    }
  }

  function drawSchema() {
    const filter = $("schema-filter").value.trim().toLowerCase();
    const target = $("schema");
    target.innerHTML = "";
    for (const table of state.tables) {
      const columns = table.columns.filter((c) => !filter || c.name.toLowerCase().includes(filter));
      if (filter && !table.name.toLowerCase().includes(filter) && columns.length === 0) continue;
      const item = document.createElement("li");
      item.className = "table" + (filter ? " open" : "");
      const name = document.createElement("span");
      name.textContent = table.name;
      name.title = "Click to open; double-click to insert";
      name.addEventListener("click", () => item.classList.toggle("open"));
      name.addEventListener("dblclick", () => insertText(table.name));
      item.appendChild(name);
      const list = document.createElement("ul");
      for (const column of (filter && !table.name.toLowerCase().includes(filter)) ? columns : table.columns) {
        const entry = document.createElement("li");
        entry.textContent = column.name;
        const type = document.createElement("em");
        type.textContent = column.type;
        entry.appendChild(type);
        entry.addEventListener("click", () => insertText(column.name));
        list.appendChild(entry);
      }
      item.appendChild(list);
      target.appendChild(item);
    }
  }

  function insertText(text) {
    if (state.editor) {
      state.editor.replaceSelection(text);
      state.editor.focus();
    } else {
      const area = $("editor");
      area.setRangeText(text, area.selectionStart, area.selectionEnd, "end");
      area.focus();
    }
  }

  // MARK: Running a query

  function requestBody() {
    const body = { query: queryText(), format: "json" };
    const language = $("language").value;
    if (language) body.language = language;
    const since = $("since").value.trim();
    if (since) body.since = since;
    const maxRows = parseInt($("max-rows").value, 10);
    if (maxRows > 0) body.max_rows = maxRows;
    return body;
  }

  async function runQuery() {
    const button = $("run");
    if (button.disabled || !queryText().trim()) return;
    button.disabled = true;
    clearMarks();
    $("result-status").textContent = "Running…";
    const started = performance.now();
    try {
      const result = await request("POST", api + "/query", requestBody());
      showDiagnostics(result.diagnostics || []);
      showResult(result, performance.now() - started);
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  }

  async function validateQuery() {
    clearMarks();
    try {
      const body = requestBody();
      const result = await request("POST", api + "/validate", { query: body.query, language: body.language });
      showDiagnostics(result.diagnostics || []);
      $("result-status").textContent = result.valid
        ? "The " + result.language.toUpperCase() + " query translates."
        : "The query does not translate.";
    } catch (error) {
      showError(error);
    }
  }

  function showError(error) {
    const status = $("result-status");
    status.innerHTML = "";
    const text = document.createElement("span");
    text.className = "bad";
    text.textContent = error.diagnostics && error.diagnostics.length
      ? "The query does not translate: " + error.diagnostics.filter((d) => d.severity === "error").length + " error(s)."
      : explain(error) + (error.sqlstate ? " (SQLSTATE " + error.sqlstate + ")" : "");
    status.appendChild(text);
    showDiagnostics(error.diagnostics || []);
    if (error.status === 401 || error.status === 403) toast(explain(error));
  }

  function clearMarks() {
    for (const mark of state.marks) mark.clear();
    state.marks = [];
  }

  /** Each diagnostic underlined at its span in the editor, and listed below it with its code and help. */
  function showDiagnostics(all) {
    // The notes that the CLI does not draw a chart are for the CLI: here the chart is drawn.
    const diagnostics = all.filter((d) => d.code !== "KQL-N001" && d.code !== "XQL-N015");
    const list = $("diagnostics");
    list.innerHTML = "";
    clearMarks();
    for (const d of diagnostics) {
      const from = { line: d.line - 1, ch: d.column - 1 };
      let to = { line: d.endLine - 1, ch: d.endColumn - 1 };
      if (to.line === from.line && to.ch <= from.ch) to = { line: from.line, ch: from.ch + 1 };
      if (state.editor) {
        state.marks.push(state.editor.markText(from, to, {
          className: "cm-diagnostic-" + d.severity, title: d.code + ": " + d.message,
          attributes: { "data-diagnostic": d.code },
        }));
      }
      const item = document.createElement("li");
      item.className = d.severity;
      const code = document.createElement("code");
      code.textContent = d.line + ":" + d.column + " " + d.severity + "[" + d.code + "]";
      item.appendChild(code);
      item.appendChild(document.createTextNode(d.message));
      if (d.suggestion) {
        const help = document.createElement("span");
        help.className = "help";
        help.textContent = d.suggestion;
        item.appendChild(help);
      }
      item.addEventListener("click", () => {
        if (!state.editor) return;
        state.editor.setSelection(from, to);
        state.editor.focus();
      });
      list.appendChild(item);
    }
  }

  function showResult(result, roundTrip) {
    // Rows are arrays of values in the order of `result.columns` (openapi/spoor.yaml, QueryResult).
    state.result = result;
    state.sort = null;
    const status = $("result-status");
    status.innerHTML = "";
    const count = document.createElement("strong");
    count.id = "row-count";
    count.textContent = result.rowCount + (result.rowCount === 1 ? " row" : " rows");
    status.appendChild(count);
    status.appendChild(document.createTextNode(
      " · " + formatMilliseconds(result.elapsedMs) + " on the server (" + formatMilliseconds(roundTrip) + " round trip) · " +
      result.language.toUpperCase()));
    if (result.truncated) {
      const cut = document.createElement("span");
      cut.className = "bad";
      cut.textContent = " · cut at the row cap";
      status.appendChild(cut);
    }
    drawGrid();
    drawChart(result);
  }

  function formatMilliseconds(ms) {
    return ms < 1000 ? Math.round(ms) + " ms" : (ms / 1000).toFixed(2) + " s";
  }

  // MARK: Grid

  function cellText(value) {
    if (value === null || value === undefined) return null;
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function isNumeric(value) {
    return typeof value === "number" || (typeof value === "string" && value !== "" && !isNaN(Number(value)));
  }

  function compare(a, b) {
    if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
    if (b === null || b === undefined) return -1;
    if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
    return cellText(a).localeCompare(cellText(b));
  }

  function drawGrid() {
    const result = state.result;
    const grid = $("grid");
    grid.innerHTML = "";
    if (!result) return;
    const head = grid.createTHead().insertRow();
    result.columns.forEach((column, index) => {
      const th = document.createElement("th");
      th.textContent = column.name;
      th.title = column.type;
      if (state.sort && state.sort.index === index) th.setAttribute("aria-sort", state.sort.ascending ? "ascending" : "descending");
      th.addEventListener("click", () => {
        const ascending = !(state.sort && state.sort.index === index && state.sort.ascending);
        state.sort = { index, ascending };
        drawGrid();
      });
      head.appendChild(th);
    });
    let rows = result.rows;
    if (state.sort) {
      const { index, ascending } = state.sort;
      rows = rows.slice().sort((x, y) => (ascending ? 1 : -1) * compare(x[index], y[index]));
    }
    const body = grid.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const value of row) {
        const td = tr.insertCell();
        const text = cellText(value);
        if (text === null) { td.className = "null"; td.textContent = "null"; continue; }
        if (isNumeric(value)) td.className = "num";
        td.textContent = text;
        td.title = text;
      }
    }
  }

  // MARK: Charts

  const palette = ["#2f5bd3", "#e0663a", "#2e9d6a", "#b0398f", "#c9a227", "#3aa6c9", "#7a55d4", "#d1495b",
    "#5c8a2e", "#8a5a44"];

  function isTimeColumn(column, rows, index) {
    if (/timestamp|datetime|date|time/i.test(column.type || "")) return true;
    const sample = rows.find((r) => r[index] !== null && r[index] !== undefined);
    return !!sample && typeof sample[index] === "string" && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(sample[index]);
  }

  function isNumberColumn(column, rows, index) {
    if (/int|numeric|double|real|float|decimal|long/i.test(column.type || "")) return true;
    const values = rows.map((r) => r[index]).filter((v) => v !== null && v !== undefined);
    return values.length > 0 && values.every(isNumeric);
  }

  function formatTime(value) {
    const date = new Date(value);
    if (isNaN(date)) return String(value);
    return date.toISOString().replace("T", " ").replace(/:00\.000Z$|\.000Z$/, "").replace(/Z$/, "");
  }

  /** Short time labels for an axis: the hour alone within one day, the day and hour within a year. */
  function timeLabeller(values) {
    const times = values.map((v) => new Date(v).getTime()).filter((t) => !isNaN(t));
    const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
    return (value) => {
      const text = formatTime(value);
      if (span < 86400000) return text.slice(11, 16) || text;
      if (span < 365 * 86400000) return text.slice(5, 16);
      return text.slice(0, 16);
    };
  }

  /**
   * The chart's shape from the hint and the columns: x (a column index), the y columns, and the series
   * column, following Kusto's defaults: x is the first column (for timechart, the first datetime column),
   * y are the numeric columns, and a remaining string column splits the rows into series.
   */
  function chartShape(result) {
    const hint = result.render;
    const columns = result.columns;
    const rows = result.rows;
    const indexOf = (name) => columns.findIndex((c) => c.name === name);
    const kind = hint.kind;
    let x = hint.xColumn ? indexOf(hint.xColumn) : -1;
    if (x < 0 && kind === "timechart") x = columns.findIndex((c, i) => isTimeColumn(c, rows, i));
    if (x < 0 && (kind === "piechart" || kind === "columnchart" || kind === "barchart")) {
      x = columns.findIndex((c, i) => !isNumberColumn(c, rows, i));
    }
    if (x < 0) x = 0;
    let ys = (hint.yColumns || []).map(indexOf).filter((i) => i >= 0);
    if (ys.length === 0) ys = columns.map((c, i) => i).filter((i) => i !== x && isNumberColumn(columns[i], rows, i));
    let series = (hint.series || []).map(indexOf).filter((i) => i >= 0);
    if (series.length === 0 && ys.length === 1 && kind !== "piechart") {
      series = columns.map((c, i) => i).filter((i) => i !== x && !ys.includes(i) && !isNumberColumn(columns[i], rows, i));
    }
    return { kind, x, ys, series, xIsTime: isTimeColumn(columns[x], rows, x) };
  }

  function drawChart(result) {
    const box = $("chart-box");
    const card = $("card");
    const canvas = $("chart");
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    box.removeAttribute("data-chart");
    box.removeAttribute("data-series");
    box.removeAttribute("data-points");
    card.hidden = true;
    canvas.hidden = false;
    const hint = result.render;
    if (!hint || hint.kind === "table" || result.rows.length === 0) { box.hidden = true; return; }
    box.hidden = false;
    box.setAttribute("data-chart", hint.kind);
    const shape = chartShape(result);
    if (hint.kind === "card") {
      canvas.hidden = true;
      card.hidden = false;
      const index = shape.ys[0] !== undefined ? shape.ys[0] : 0;
      card.innerHTML = "";
      card.appendChild(document.createTextNode(cellText(result.rows[0][index])));
      const label = document.createElement("small");
      label.textContent = hint.title || result.columns[index].name;
      card.appendChild(label);
      return;
    }
    if (!window.Chart) {
      canvas.hidden = true;
      card.hidden = false;
      card.textContent = "Chart.js is not installed on the server (apt-get install libjs-chart.js).";
      return;
    }
    const config = chartConfig(result, shape, hint);
    state.chart = new Chart(canvas, config);
    // What was drawn, for tests and for people reading the DOM.
    box.setAttribute("data-series", String(config.data.datasets.length));
    box.setAttribute("data-points", String(config.data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null).length, 0)));
  }

  function chartConfig(result, shape, hint) {
    const { columns, rows } = result;
    const { x, ys, series } = shape;
    const title = { display: !!hint.title, text: hint.title || "" };
    if (hint.kind === "piechart") {
      const y = ys[0];
      return {
        type: "pie",
        data: {
          labels: rows.map((r) => cellText(r[x])),
          datasets: [{ data: rows.map((r) => Number(r[y])), backgroundColor: rows.map((r, i) => palette[i % palette.length]) }],
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { title, legend: { position: "right" } } },
      };
    }
    // x values in order: time and numbers ascending, categories as they come.
    let xs = [];
    const seen = new Set();
    for (const r of rows) { const key = cellText(r[x]); if (!seen.has(key)) { seen.add(key); xs.push(r[x]); } }
    if (shape.xIsTime) xs.sort((a, b) => new Date(a) - new Date(b));
    else if (isNumberColumn(columns[x], rows, x) && hint.kind !== "columnchart" && hint.kind !== "barchart") xs.sort((a, b) => Number(a) - Number(b));
    const label = shape.xIsTime ? timeLabeller(xs) : (value) => cellText(value);
    const position = new Map(xs.map((v, i) => [cellText(v), i]));
    const datasets = [];
    const groups = new Map();
    for (const r of rows) {
      const key = series.map((i) => cellText(r[i])).join(" · ");
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(r);
    }
    for (const [key, groupRows] of groups) {
      for (const y of ys) {
        const data = new Array(xs.length).fill(null);
        for (const r of groupRows) data[position.get(cellText(r[x]))] = r[y] === null ? null : Number(r[y]);
        const name = [key, ys.length > 1 || !key ? columns[y].name : ""].filter(Boolean).join(" · ");
        const color = palette[datasets.length % palette.length];
        datasets.push({ label: name, data, borderColor: color, backgroundColor: color + (hint.kind.includes("area") ? "55" : "cc"),
          fill: hint.kind.includes("area"), spanGaps: true, pointRadius: xs.length > 60 ? 0 : 2, tension: 0.15 });
      }
    }
    const stacked = hint.kind === "stackedareachart" || hint.variant === "stacked" || hint.variant === "stacked100";
    const type = hint.kind === "columnchart" || hint.kind === "barchart" ? "bar" : hint.kind === "scatterchart" ? "scatter" : "line";
    if (type === "scatter") {
      for (const d of datasets) d.data = d.data.map((v, i) => ({ x: Number(xs[i]), y: v })).filter((p) => p.y !== null);
    }
    return {
      type,
      data: { labels: type === "scatter" ? undefined : xs.map(label), datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: hint.kind === "barchart" ? "y" : "x",
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: { stacked, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 12 } },
          y: { stacked, beginAtZero: true },
        },
        plugins: { title, legend: { display: datasets.length > 1, position: "bottom" } },
      },
    };
  }

  // MARK: Hits page

  async function loadHitsPage() {
    await Promise.all([loadTimeline(), loadHunts(), loadRuns()]);
  }

  async function loadTimeline() {
    const hours = parseInt($("hits-range").value, 10);
    const since = new Date(Date.now() - hours * 3600 * 1000);
    since.setUTCMinutes(0, 0, 0);
    let buckets;
    try {
      buckets = (await request("GET", api + "/hits/timeline?since=" + encodeURIComponent(since.toISOString()))).buckets;
    } catch (error) {
      if (error.status !== 404) { toast(explain(error)); return; }
      // A server without the timeline endpoint: count the newest hits per hour here.
      const page = await request("GET", api + "/hits?limit=10000&since=" + encodeURIComponent(since.toISOString()));
      const counts = new Map();
      for (const hit of page.hits) {
        const hour = new Date(hit.detectedAt);
        hour.setUTCMinutes(0, 0, 0);
        const key = hour.toISOString() + "\u0000" + hit.huntID;
        counts.set(key, (counts.get(key) || 0) + 1);
      }
      buckets = Array.from(counts, ([key, hits]) => ({ hour: key.split("\u0000")[0], huntID: key.split("\u0000")[1], hits }));
    }
    if (state.hitsChart) { state.hitsChart.destroy(); state.hitsChart = null; }
    $("hits-empty").hidden = buckets.length > 0;
    // What the chart shows, on its box, for people's tools and the browser test: hunts and hits in range.
    const box = $("hits-chart-box");
    box.setAttribute("data-hunts", String(new Set(buckets.map((b) => b.huntID)).size));
    box.setAttribute("data-hits", String(buckets.reduce((sum, b) => sum + b.hits, 0)));
    box.removeAttribute("data-chart");
    if (!window.Chart || buckets.length === 0) return;
    const hoursAxis = [];
    for (let t = since.getTime(); t <= Date.now(); t += 3600 * 1000) hoursAxis.push(t);
    const index = new Map(hoursAxis.map((t, i) => [t, i]));
    const hunts = Array.from(new Set(buckets.map((b) => b.huntID))).sort();
    const datasets = hunts.map((hunt, i) => {
      const data = new Array(hoursAxis.length).fill(0);
      for (const b of buckets) if (b.huntID === hunt) {
        const at = index.get(new Date(b.hour).getTime());
        if (at !== undefined) data[at] += b.hits;
      }
      return { label: hunt, data, backgroundColor: palette[i % palette.length] };
    });
    state.hitsChart = new Chart($("hits-chart"), {
      type: "bar",
      data: { labels: hoursAxis.map(timeLabeller(hoursAxis)), datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 14 } }, y: { stacked: true, beginAtZero: true } },
        plugins: { legend: { position: "bottom" } } },
    });
    box.setAttribute("data-chart", "hits");
  }

  function fillTable(table, headers, rows, decorate) {
    table.innerHTML = "";
    const head = table.createTHead().insertRow();
    for (const name of headers) { const th = document.createElement("th"); th.textContent = name; head.appendChild(th); }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const cell of row.cells) {
        const td = tr.insertCell();
        if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null || cell === undefined ? "" : String(cell);
      }
      if (decorate) decorate(tr, row);
    }
  }

  function badge(text, className) {
    const span = document.createElement("span");
    span.className = className + " " + text;
    span.textContent = text;
    return span;
  }

  async function loadHunts() {
    try {
      const { hunts } = await request("GET", api + "/hunts");
      fillTable($("hunts"), ["hunt", "severity", "language", "schedule", "enabled"],
        hunts.map((h) => ({ id: h.id, cells: [h.title || h.id, badge(h.severity, "sev"), (h.language || "").toUpperCase(), h.schedule, h.enabled ? "yes" : "no"] })),
        (tr, row) => { tr.className = "clickable"; tr.addEventListener("click", () => showHunt(row.id)); });
    } catch (error) { toast(explain(error)); }
  }

  async function loadRuns() {
    try {
      const failed = $("runs-failed").checked;
      const { runs } = await request("GET", api + "/runs?limit=50" + (failed ? "&failed=true" : ""));
      fillTable($("runs"), ["started", "hunt", "status", "rows", "new hits", "error"],
        runs.map((r) => ({ run: r, cells: [formatTime(r.startedAt), r.huntID, badge(r.status, "status"), r.rows, r.newHits, r.error || ""] })),
        (tr, row) => {
          if (row.run.status === "failed" || row.run.status === "abandoned") tr.className = "failed";
          if (row.run.error) tr.title = row.run.error;
        });
    } catch (error) { toast(explain(error)); }
  }

  async function showHunt(id) {
    const panel = $("hunt-detail");
    panel.hidden = false;
    panel.textContent = "Loading " + id + "…";
    try {
      const [hunt, hits, runs] = await Promise.all([
        request("GET", api + "/hunts/" + encodeURIComponent(id)),
        request("GET", api + "/hits?limit=20&hunt=" + encodeURIComponent(id)),
        request("GET", api + "/runs?limit=10&hunt=" + encodeURIComponent(id)),
      ]);
      panel.innerHTML = "";
      panel.setAttribute("data-hunt", hunt.id);
      const title = document.createElement("h2");
      title.textContent = hunt.title + " (" + hunt.id + ")";
      panel.appendChild(title);
      const meta = document.createElement("p");
      meta.className = "detail-meta";
      meta.textContent = [hunt.severity, (hunt.language || "").toUpperCase(), "every " + hunt.schedule,
        "look-back " + hunt.lookback, hunt.enabled ? "enabled" : "disabled", hunt.file].filter(Boolean).join(" · ");
      panel.appendChild(meta);
      if (hunt.description) { const p = document.createElement("p"); p.textContent = hunt.description; panel.appendChild(p); }
      const query = document.createElement("pre");
      query.className = "detail-query";
      if (window.CodeMirror && CodeMirror.runMode) CodeMirror.runMode(hunt.query, hunt.language || "kql", query);
      else query.textContent = hunt.query;
      panel.appendChild(query);
      const open = document.createElement("button");
      open.textContent = "Open in the editor";
      open.addEventListener("click", () => {
        $("language").value = hunt.language || "";
        setQueryText(hunt.query);
        location.hash = "#/query";
      });
      panel.appendChild(open);
      const failures = runs.runs.filter((r) => r.error);
      if (failures.length) {
        const h = document.createElement("h2");
        h.textContent = "Latest failure";
        panel.appendChild(h);
        const pre = document.createElement("pre");
        pre.className = "error-text";
        pre.textContent = formatTime(failures[0].startedAt) + "\n" + failures[0].error;
        panel.appendChild(pre);
      }
      const h = document.createElement("h2");
      h.textContent = "Latest hits";
      panel.appendChild(h);
      const table = document.createElement("table");
      table.className = "grid compact";
      fillTable(table, ["detected", "run", "row"], hits.hits.map((hit) => ({ cells: [formatTime(hit.detectedAt), hit.runID, JSON.stringify(hit.row)] })));
      panel.appendChild(table);
      panel.scrollIntoView({ behavior: "smooth", block: "start" });
    } catch (error) {
      panel.textContent = explain(error);
    }
  }

  // MARK: Pages and start-up

  /** `#/query?q=…&lang=kql&run=1` opens the editor with a query (and runs it); `#token=…` sets the token. */
  function route() {
    const hash = location.hash || "#/query";
    const [path, search] = hash.slice(1).split("?");
    const params = new URLSearchParams(search || "");
    const page = path.startsWith("/hits") ? "hits" : "query";
    for (const link of document.querySelectorAll("nav a")) link.classList.toggle("active", link.dataset.page === page);
    $("page-query").hidden = page !== "query";
    $("page-hits").hidden = page !== "hits";
    if (page === "hits") {
      loadHitsPage();
      // `#/hits?hunt=ID` opens that hunt's detail too.
      if (params.has("hunt")) showHunt(params.get("hunt"));
      return;
    }
    if (state.editor) state.editor.refresh();
    if (params.has("lang")) $("language").value = params.get("lang");
    if (params.has("q")) setQueryText(params.get("q"));
    if (params.get("run") === "1") {
      history.replaceState(null, "", "#/query");
      runQuery();
    }
  }

  function takeTokenFromFragment() {
    const match = /^#token=([^&]*)(?:&(.*))?$/.exec(location.hash);
    if (!match) return;
    setToken(decodeURIComponent(match[1]));
    history.replaceState(null, "", match[2] ? "#" + match[2] : "#/query");
  }

  function start() {
    takeTokenFromFragment();
    showLoginState();
    $("login").addEventListener("submit", (e) => {
      e.preventDefault();
      setToken($("token").value.trim());
      $("token").value = "";
      loadSchema();
    });
    $("logout").addEventListener("click", () => setToken(""));
    $("schema-filter").addEventListener("input", drawSchema);
    $("language").addEventListener("change", updateMode);
    $("run").addEventListener("click", runQuery);
    $("validate").addEventListener("click", validateQuery);
    $("hits-range").addEventListener("change", loadTimeline);
    $("runs-failed").addEventListener("change", loadRuns);
    setupEditor();
    if (!queryText().trim()) {
      setQueryText("DeviceProcessEvents\n| where Timestamp > ago(7d)\n| summarize Processes = count() by bin(Timestamp, 1h)\n| render timechart");
    }
    window.addEventListener("hashchange", route);
    loadSchema();
    route();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
