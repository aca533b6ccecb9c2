// Article text and every value from the server are inserted as text nodes (textContent),
// never as HTML: an article containing <script> shows it and runs nothing.
const $ = (id) => document.getElementById(id);

function cell(row, value) {
  const td = document.createElement("td");
  td.textContent = value == null ? "" : String(value);
  row.appendChild(td);
}

function fillTable(table, rows) {
  const body = table.querySelector("tbody");
  body.replaceChildren();
  for (const values of rows) {
    const tr = document.createElement("tr");
    values.forEach((value) => cell(tr, value));
    body.appendChild(tr);
  }
}

// The record's offsets count code points (Python); JavaScript strings count UTF-16 units.
// units[i] is the UTF-16 index of code point i, so emoji and other astral characters stay aligned.
function utf16Units(text) {
  const units = [0];
  let unit = 0;
  for (const character of text) {
    unit += character.length;
    units.push(unit);
  }
  return units;
}

// Who said it, then who passed it on: "Ana Ruiz → Lakeside Post" (as whosaid.record.reporting_chain).
function chain(speaker, relays) {
  return [speaker || "?", ...relays].join(" → ");
}

// The entity's name to show, none where the resolution is unsure (as whosaid.record.model.SourceRef.shown_name).
const namedSpeakerConfidence = Number(document.body.dataset.namedSpeakerConfidence) || 0;
function shownName(source) {
  return source.confidence == null || source.confidence >= namedSpeakerConfidence ? source.name : null;
}

// A speaker as the store shows it: its entity's name where sure enough, else the description of the
// speaker never named that it was given to ("He": "a spokesman for the port authority"), else its words.
function shownSpeaker(source) {
  return shownName(source) || source.description || source.text;
}

// Whom a speaker's or relay's words were given to, where they do not name it (as whosaid.record.model.resolved_as).
function resolvedAs(source) {
  const name = shownName(source);
  if (!name && source.description != null) {
    return source.text.includes(source.description) ? "" : `→ ${source.description} (unnamed)`;
  }
  if (!name || source.text.includes(name)) return "";
  return `→ ${name}` + (source.confidence == null ? "" : ` · ${source.confidence.toFixed(2)}`);
}

function highlights(article) {
  const marks = [];
  for (const s of article.statements) {
    if (s.speaker) marks.push([s.speaker.start, s.speaker.end, "speaker", resolvedAs(s.speaker)]);
    if (s.cue) marks.push([s.cue.start, s.cue.end, "cue", ""]);
    for (const [start, end] of s.content.fragments) marks.push([start, end, "content", ""]);
    for (const v of s.reported_via) marks.push([v.start, v.end, "via", resolvedAs(v)]);
  }
  marks.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const target = $("article");
  target.replaceChildren();
  const units = utf16Units(article.text);
  let position = 0;
  for (const [start, end, kind, resolved] of marks) {
    if (start < position) continue;  // nested spans: the outer one is shown
    target.appendChild(document.createTextNode(article.text.slice(units[position], units[start])));
    const mark = document.createElement("mark");
    mark.className = kind;
    mark.dataset.start = start;
    mark.dataset.end = end;
    if (resolved) mark.dataset.resolved = resolved;
    mark.textContent = article.text.slice(units[start], units[end]);
    target.appendChild(mark);
    position = end;
  }
  target.appendChild(document.createTextNode(article.text.slice(units[position])));
}

// Statements below this confidence are held back unless "show all" is ticked (whosaid.record.model.SHOWN_CONFIDENCE).
const shownConfidence = Number(document.body.dataset.shownConfidence) || 0;  // 0 (show all) where the page came unfilled
let shownArticle = null;

function showArticle(whole) {
  shownArticle = whole;
  const showAll = $("show-all").checked;
  const article = {...whole, statements: whole.statements.filter((s) => showAll || s.confidence >= shownConfidence)};
  const below = whole.statements.filter((s) => s.confidence < shownConfidence).length;
  $("held-back").textContent = !below ? "" : showAll
    ? `Showing all statements, ${below} of them below confidence ${shownConfidence}, which are less likely to be right.`
    : `${below} statement${below === 1 ? "" : "s"} below confidence ${shownConfidence} held back (less likely to be right).`;
  highlights(article);
  const quantities = Object.fromEntries(article.quantities.map((q) => [q.id, q]));
  const times = Object.fromEntries(article.times.map((t) => [t.id, t]));
  fillTable($("statements"), article.statements.map((s) => [
    s.speaker ? shownSpeaker(s.speaker) : "",
    chain(s.speaker && shownSpeaker(s.speaker), s.reported_via.map((v) => v.name || v.text)),
    s.cue ? s.cue.text : "",
    contentAsSaid(s.content),
    s.quantities.map((id) => `${quantities[id].bound} ${quantities[id].value} ${quantities[id].unit || ""}`).join("; "),
    s.times.map((id) => times[id].value || times[id].text).join("; "),
    s.confidence.toFixed(2),
  ]));
}
// A content's pieces joined by an ellipsis, without the words between them ("he said."); the
// record's offsets count code points, so the text is sliced as an array of them.
function contentAsSaid(content) {
  const characters = Array.from(content.text);
  return content.fragments.map(([start, end]) => characters.slice(start - content.start, end - content.start).join("")).join(" … ");
}
$("show-all").onchange = () => { if (shownArticle) showArticle(shownArticle); };

async function call(method, path, body) {
  const response = await fetch(path, {
    method, headers: body ? {"Content-Type": "application/json"} : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json();
  if (!response.ok) throw new Error(typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail));
  return data;
}

function articleBody() {
  const body = {text: $("text").value};
  if ($("published").value) body.published = $("published").value;
  if ($("outlet").value) body.outlet = $("outlet").value;
  return body;
}

async function run(action) {
  $("status").className = ""; $("status").textContent = "working…";
  try {
    await action();
    $("status").textContent = "done";
  } catch (error) {
    $("status").className = "error"; $("status").textContent = error.message;
  }
}

$("extract").onclick = () => run(async () => showArticle(await call("POST", "/api/extract", articleBody())));
$("store").onclick = () => run(async () => {
  const stored = await call("POST", "/api/articles", articleBody());
  showArticle(await call("GET", `/api/articles/${stored.id}`));
});
$("search").onclick = () => run(async () => {
  const params = new URLSearchParams();
  if ($("q").value) params.set("q", $("q").value);
  if ($("speaker").value) params.set("speaker", $("speaker").value);
  const rows = await call("GET", `/api/statements?${params}`);
  fillTable($("results"), rows.map((r) => [r.published, r.outlet, r.speaker_name, chain(r.speaker_name, r.reported_via), r.cue || "", r.content_as_said]));
  const body = $("results").querySelector("tbody");
  rows.forEach((r, i) => {
    if (r.speaker_entity_id == null) return;
    const speakerCell = body.children[i].children[2];
    speakerCell.style.cursor = "pointer"; speakerCell.style.textDecoration = "underline";
    speakerCell.onclick = () => run(async () => {
      $("entity").textContent = JSON.stringify(await call("GET", `/api/entities/${r.speaker_entity_id}`), null, 2);
    });
  });
});
$("claims").onclick = () => run(async () => {
  const params = new URLSearchParams();
  if ($("unit").value) params.set("unit", $("unit").value);
  const grouped = await call("GET", `/api/claims?${params}`);
  const rows = [];
  for (const [counted, claims] of Object.entries(grouped)) {
    for (const c of claims) rows.push([counted, `${c.bound} ${c.value}`, c.speaker_name, chain(c.speaker_name, c.reported_via), c.outlet, c.published]);
  }
  fillTable($("claim-table"), rows);
});
for (const button of document.querySelectorAll("nav button")) {
  button.onclick = () => {
    for (const section of document.querySelectorAll("section")) section.hidden = section.id !== `view-${button.dataset.view}`;
  };
}
