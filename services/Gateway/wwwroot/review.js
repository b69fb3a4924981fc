// Review page: browse titles' shots and beats, search shots, find shots like a shot, review match-cut pairs
// (play the cut, mark good or bad with a note, by mouse or keyboard) and export cut lists.
"use strict";
const api = "/api/v1";
const keyName = "matchcut.apiKey";
const flavours = ["frame", "silhouette", "motion", "camera"];
const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const fmt = (s) => `${s.toFixed(2)}s`;

const titlesName = "matchcut.titles";
const state = {
  titles: [],
  selected: new Set(JSON.parse(sessionStorage.getItem(titlesName) || "[]")),
  stale: new Set(["shots", "pairs", "export"]),
  view: "shots",
  reviews: new Map(),     // "title|flavour|a|b" -> review
  knownTags: new Set(),
  search: { page: 1, total: 0 },
  similarShot: null,
};

// ---- API -------------------------------------------------------------------------------------------------

const key = () => sessionStorage.getItem(keyName) || "";

/** An answer other than 2xx, carrying the API's own message (problem details when it sent them). */
class ApiError extends Error {
  constructor(method, path, status, message) {
    super(`${method} ${api}${path} answered ${status}: ${message}`);
    this.status = status;
  }
}

async function call(path, init = {}) {
  const headers = { ...(key() ? { "X-Api-Key": key() } : {}), ...(init.headers || {}) };
  let response;
  try {
    response = await fetch(api + path, { ...init, headers });
  } catch (e) {
    throw new Error(`${init.method || "GET"} ${api}${path} failed: ${e.message}`);
  }
  if (!response.ok) throw new ApiError(init.method || "GET", path, response.status, await problemText(response));
  return response;
}

async function problemText(response) {
  const text = await response.text();
  try {
    const p = JSON.parse(text);
    const parts = [p.title, p.detail].filter(Boolean);
    for (const [field, messages] of Object.entries(p.errors || {})) parts.push(`${field}: ${[].concat(messages).join(" ")}`);
    if (parts.length) return parts.join(" — ");
  } catch { /* not JSON: show the text itself */ }
  return text.trim().substring(0, 300) || response.statusText || "no message";
}

const json = async (path, init) => (await call(path, init)).json();

// <img> and <video> cannot send the key header, so media is fetched once and shown from blob URLs.
const blobs = new Map();
function media(path) {
  if (!blobs.has(path)) {
    const p = call(path.substring(api.length)).then((r) => r.blob()).then((b) => URL.createObjectURL(b));
    p.catch(() => blobs.delete(path));
    blobs.set(path, p);
  }
  return blobs.get(path);
}

// Pictures load when they scroll into view, so a feature film's strip does not fetch thousands at once.
const lazy = new IntersectionObserver((entries) => {
  for (const e of entries) {
    if (!e.isIntersecting) continue;
    lazy.unobserve(e.target);
    const img = e.target;
    media(img.dataset.src).then((u) => { img.src = u; }, (err) => { img.classList.add("broken"); img.title = err.message; });
  }
}, { rootMargin: "200px" });

function picture(img, path, alt) {
  img.alt = alt;
  img.dataset.src = path;
  lazy.observe(img);
}

// ---- messages --------------------------------------------------------------------------------------------

const setStatus = (text) => { $("status").textContent = text; };

/** Shows an error where it happened (or in the page's error box) with a button to dismiss it; never swallowed. */
function showError(err, where = $("errors")) {
  const line = document.createElement("p");
  line.className = "error";
  line.append(err.message || String(err));
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "Dismiss";
  close.setAttribute("aria-label", "Dismiss error");
  close.onclick = () => line.remove();
  line.append(" ", close);
  where.append(line);
  console.error(err);
}

const guard = (fn, where) => (...args) => Promise.resolve().then(() => fn(...args)).catch((e) => showError(e, where));

// ---- titles and views ------------------------------------------------------------------------------------

async function loadTitles() {
  const { titles } = await json("/titles");
  state.titles = titles;
  for (const t of [...state.selected]) if (!titles.includes(t)) state.selected.delete(t);
  if (!state.selected.size && titles.length) state.selected.add(titles[0]);
  const boxes = titles.map((t) => {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = t;
    box.checked = state.selected.has(t);
    box.onchange = () => {
      if (box.checked) state.selected.add(t); else state.selected.delete(t);
      selectionChanged();
    };
    const label = document.createElement("label");
    label.append(box, " ", t);
    return label;
  });
  $("title-list").replaceChildren(...boxes);
  setStatus(titles.length ? `${titles.length} title(s)` : "no titles yet: run the pipeline on a video first");
  selectionChanged();
}

const selectedTitles = () => state.titles.filter((t) => state.selected.has(t));

// The picked titles survive a reload of the page (per browser tab, like the key).
function selectionChanged() {
  sessionStorage.setItem(titlesName, JSON.stringify(selectedTitles()));
  state.stale = new Set(["shots", "pairs", "export"]);
  show(state.view);
}

function show(view) {
  state.view = view;
  for (const b of document.querySelectorAll("#views button")) b.setAttribute("aria-pressed", String(b.dataset.view === view));
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== `view-${view}`;
  if (!state.stale.delete(view)) return;
  if (view === "shots") guard(loadShots)();
  if (view === "pairs") guard(loadPairs)();
  if (view === "export") renderExports();
}

// ---- shots, title tags, provenance and beats -------------------------------------------------------------

async function loadShots() {
  const groups = selectedTitles().map((t) => {
    const box = document.createElement("section");
    box.className = "title-shots";
    box.dataset.title = t;
    box.innerHTML = `<h3></h3><div class="title-info"></div><div class="beats-box"><h4>Beat events</h4><div class="beats"></div></div>`
      + `<h4>Shots</h4><div class="strip" role="list"></div>`;
    box.querySelector("h3").textContent = t;
    guard(loadTitleInfo, box.querySelector(".title-info"))(t, box.querySelector(".title-info"));
    guard(loadStrip, box)(t, box);
    return box;
  });
  $("shot-titles").replaceChildren(...groups);
  if (!groups.length) $("shot-titles").textContent = "Tick a title above.";
}

const titleInfos = new Map();
function titleInfo(t) {
  if (!titleInfos.has(t)) {
    const p = json(`/titles/${enc(t)}`);
    p.catch(() => titleInfos.delete(t));
    titleInfos.set(t, p);
  }
  return titleInfos.get(t);
}

async function loadTitleInfo(t, where) {
  const info = await titleInfo(t);
  const tags = Object.entries(info.tags || {}).sort((x, y) => y[1] - x[1]);
  for (const [tag] of tags) state.knownTags.add(tag);
  refreshKnownTags();
  const tagLine = document.createElement("p");
  tagLine.className = "title-tags";
  tagLine.append("Title tags: ");
  if (!tags.length) tagLine.append("none");
  for (const [tag, w] of tags) tagLine.append(tagButton(tag, ` ${w.toFixed(2)}`));
  const table = document.createElement("table");
  table.className = "provenance";
  table.innerHTML = "<caption>Which model made each flavour</caption><tr><th scope=col>flavour</th><th scope=col>method</th><th scope=col>model</th><th scope=col>model SHA-256</th></tr>";
  for (const f of flavours) {
    const p = (info.provenance || {})[f];
    const row = table.insertRow();
    for (const v of [f, p?.method ?? "not produced", p?.model ?? "", p?.modelSha256 ? p.modelSha256.substring(0, 16) + "…" : ""]) row.insertCell().textContent = v;
  }
  where.replaceChildren(tagLine, table);
}

async function loadStrip(t, box) {
  const strip = box.querySelector(".strip");
  strip.textContent = "loading shots…";
  const shots = await allShots(t).catch((e) => { strip.replaceChildren(); throw e; });
  shots.sort((x, y) => x.startSec - y.startSec);
  for (const s of shots) for (const tag of s.tags || []) state.knownTags.add(tag);
  refreshKnownTags();
  strip.replaceChildren(...shots.map((s) => { const c = shotCard(s); c.setAttribute("role", "listitem"); return c; }));
  if (!shots.length) strip.textContent = "no shots";
  guard(loadBeats, box.querySelector(".beats"))(t, box, shots);
}

async function allShots(t) {
  const shots = [];
  for (let page = 1; ; page++) {
    const data = await json(`/shots?titles=${enc(t)}&page=${page}&pageSize=500`);
    shots.push(...data.shots);
    if (!data.shots.length || shots.length >= data.total) return shots;
  }
}

async function loadBeats(t, box, shots) {
  const where = box.querySelector(".beats");
  const { beats } = await json(`/titles/${enc(t)}/beats`);
  const end = Math.max(...beats.map((b) => b.endSec), ...shots.map((s) => s.endSec), 0.001);
  const bar = document.createElement("div");
  bar.className = "timeline";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", `beat events of ${t}`);
  for (const b of beats) {
    const seg = document.createElement("button");
    seg.type = "button";
    seg.className = "beat";
    seg.style.left = `${(100 * b.startSec) / end}%`;
    seg.style.width = `${Math.max(0.4, (100 * (b.endSec - b.startSec)) / end)}%`;
    seg.style.background = colour(b.label);
    seg.textContent = b.label;
    const text = `beat ${b.index}: ${b.label}, shots ${b.firstShot}–${b.lastShot}, ${fmt(b.startSec)}–${fmt(b.endSec)}`;
    seg.title = text;
    seg.setAttribute("aria-label", text);
    seg.onclick = () => {
      for (const c of box.querySelectorAll(".strip .shot")) c.classList.toggle("in-beat", b.shotIds.includes(c.dataset.shot));
      box.querySelector(".beat-caption").textContent = text;
      box.querySelector(`.strip .shot[data-shot="${CSS.escape(b.shotIds[0] || "")}"]`)?.scrollIntoView({ block: "nearest", inline: "start" });
    };
    bar.append(seg);
  }
  const caption = document.createElement("p");
  caption.className = "beat-caption";
  caption.textContent = `${beats.length} beat event(s); pick one to see its shots`;
  where.replaceChildren(bar, caption);
}

function colour(label) {
  let h = 0;
  for (const ch of label) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 55% 78%)`;
}

function tagButton(tag, suffix = "") {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "tag";
  b.textContent = tag + suffix;
  b.setAttribute("aria-label", `search shots tagged ${tag}`);
  b.onclick = () => { $("search-tag").value = tag; $("search-scale").value = ""; show("search"); guard(search)(1); };
  return b;
}

function refreshKnownTags() {
  $("known-tags").replaceChildren(...[...state.knownTags].sort().map((t) => new Option(t)));
}

function shotCard(shot, extra) {
  const node = $("shot-template").content.firstElementChild.cloneNode(true);
  node.dataset.shot = shot.shotId;
  const name = `${shot.titleId ?? ""} #${shot.index} ${fmt(shot.startSec)}–${fmt(shot.endSec)}`.trim();
  picture(node.querySelector("img"), shot.links.keyframe, `keyframe of shot ${name}`);
  node.querySelector(".shot-name").textContent = extra ? `${name} · ${extra}` : name;
  node.querySelector(".scale").textContent = shot.scale || "scale unknown";
  const confidence = shot.tagConfidence || {};
  const shown = (shot.tags || []).map((t) => {
    const li = document.createElement("li");
    li.append(tagButton(t, t in confidence ? ` ${confidence[t].toFixed(2)}` : ""));
    return li;
  });
  // Classes detected below their threshold: listed with their confidence, folded away, and not searchable.
  const low = Object.entries(shot.lowConfidenceTags || {}).sort((x, y) => y[1] - x[1]);
  if (low.length) {
    const li = document.createElement("li");
    const details = document.createElement("details");
    details.className = "low-tags";
    const summary = document.createElement("summary");
    summary.textContent = `${low.length} low-confidence`;
    details.append(summary, low.map(([t, c]) => `${t} ${c.toFixed(2)}`).join(", "));
    li.append(details);
    shown.push(li);
  }
  node.querySelector(".tags").replaceChildren(...shown);
  const like = node.querySelector(".like");
  like.setAttribute("aria-label", `shots like ${name}`);
  like.onclick = () => openSimilar(shot);
  return node;
}

// ---- search ----------------------------------------------------------------------------------------------

const pageSize = 24;

async function search(page) {
  const tag = $("search-tag").value.trim(), scale = $("search-scale").value, titles = selectedTitles();
  const q = new URLSearchParams({ page, pageSize });
  if (tag) q.set("tag", tag);
  if (scale) q.set("scale", scale);
  if (titles.length) q.set("titles", titles.join(","));
  $("search-summary").textContent = "searching…";
  const data = await json(`/shots?${q}`).catch((e) => { $("search-summary").textContent = ""; $("search-results").replaceChildren(); throw e; });
  state.search = { page: data.page, total: data.total, by: search };
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  $("search-summary").textContent = `${data.total} shot(s)${tag ? ` tagged "${tag}"` : ""}${scale ? `, ${scale}` : ""}`
    + ` in ${titles.join(", ") || "all titles"} — page ${data.page} of ${pages}`;
  $("search-results").replaceChildren(...data.shots.map((s) => shotCard(s)));
  $("search-prev").disabled = data.page <= 1;
  $("search-next").disabled = data.page >= pages;
}

// A picture answers one ranked list (no pages): the closest frames.
function showFound(summary, cards) {
  $("search-summary").textContent = summary;
  $("search-results").replaceChildren(...cards);
  $("search-prev").disabled = true;
  $("search-next").disabled = true;
}

// Words search text on screen and the tags they stand for (GET /search), page by page; each card says why it matched.
async function searchWords(page = 1) {
  const words = $("words-q").value.trim(), scale = $("search-scale").value, titles = selectedTitles();
  if (!words) throw new Error("Type some words to search for, e.g. exit or automobile.");
  const q = new URLSearchParams({ q: words, page, pageSize });
  if (scale) q.set("scale", scale);
  if (titles.length) q.set("titles", titles.join(","));
  $("search-summary").textContent = "searching…";
  const data = await json(`/search?${q}`).catch((e) => { showFound("", []); throw e; });
  const classes = data.classes.length ? `tagged ${data.classes.map((c) => `${c.tag} (${c.similarity.toFixed(2)})`).join(", ")}`
    : "the query stands for none of the detector's classes";
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  state.search = { page: data.page, total: data.total, by: searchWords };
  $("search-summary").textContent = `${data.total} shot(s) for "${data.query}": text ${data.words.map((w) => `'${w}'`).join(" ") || "none"}, ${classes}`
    + `${scale ? `, ${scale}` : ""} in ${titles.join(", ") || "all titles"} — page ${data.page} of ${pages}`;
  $("search-results").replaceChildren(...data.shots.map((h) => shotCard(h.shot, h.why.join(", "))));
  $("search-prev").disabled = data.page <= 1;
  $("search-next").disabled = data.page >= pages;
}

async function searchPicture() {
  const file = $("picture-file").files[0], titles = selectedTitles();
  if (!file) throw new Error("Choose a JPEG or PNG picture to search by.");
  const q = new URLSearchParams({ k: pageSize });
  if (titles.length) q.set("titles", titles.join(","));
  $("search-summary").textContent = "searching…";
  const data = await json(`/search/image?${q}`, { method: "POST", body: file, headers: { "Content-Type": file.type || "application/octet-stream" } })
    .catch((e) => { showFound("", []); throw e; });
  showFound(`${data.shots.length} shot(s) like ${file.name} in ${titles.join(", ") || "all titles"} — ${data.method}`,
    data.shots.map((h) => shotCard(h.shot, `similarity ${h.score.toFixed(3)}${h.frame.frame != null ? `, frame ${h.frame.frame}` : ""}`)));
}

// ---- shots like this -------------------------------------------------------------------------------------

function openSimilar(shot) {
  state.similarShot = shot;
  $("similar-of").textContent = `Shots like ${shot.titleId ?? ""} #${shot.index}`;
  $("similar-source").replaceChildren(shotCard(shot, "this shot"));
  show("similar");
  guard(findSimilar, $("similar-results"))();
}

async function findSimilar() {
  const shot = state.similarShot;
  if (!shot) return;
  const q = new URLSearchParams({ flavour: $("similar-flavour").value, k: 12, excludeSameTitle: $("similar-other").checked });
  $("similar-results").textContent = "searching…";
  const data = await json(`/shots/${enc(shot.shotId)}/similar?${q}`).catch((e) => { $("similar-results").replaceChildren(); throw e; });
  $("similar-results").replaceChildren(...data.shots.map((h) => shotCard(h.shot, `${scoreName(data.flavour)} ${h.score.toFixed(3)}`)));
  if (!data.shots.length) $("similar-results").textContent = "no similar shots indexed in other titles";
}

// ---- pairs -----------------------------------------------------------------------------------------------

// What a score is: silhouettes are ranked by the overlap of the two person masks, the other flavours by cosine.
const scoreName = (flavour) => (flavour === "silhouette" ? "mask IoU" : "similarity");

const reviewKey = (title, flavour, a, b) => `${title}|${flavour}|${a}|${b}`;

async function loadReviews(titles) {
  for (const t of titles) {
    const { reviews } = await json(`/titles/${enc(t)}/reviews`);
    for (const r of reviews) state.reviews.set(reviewKey(t, r.flavour, r.a, r.b), r);
  }
}

function provenanceText(p, flavour) {
  if (!p || !p.method) return `The API did not say which model made the ${flavour} pairs.`;
  return `${flavour} pairs made by ${p.method}` + (p.model ? ` with ${p.model}` : "")
    + (p.modelSha256 ? ` (SHA-256 ${p.modelSha256.substring(0, 16)}…)` : "");
}

async function loadPairs() {
  const flavour = $("flavour").value, k = $("k").value, titles = selectedTitles();
  const groups = [];
  const group = (heading) => {
    const box = document.createElement("section");
    box.className = "pair-group";
    box.innerHTML = "<h3></h3><p class=provenance-line></p><div class=pairs></div>";
    box.querySelector("h3").textContent = heading;
    groups.push(box);
    return box;
  };
  const jobs = titles.map((t) => [group(`Within ${t}`), () => json(`/titles/${enc(t)}/matches?flavour=${flavour}&k=${k}`), t]);
  if (titles.length > 1) jobs.push([group(`Across ${titles.join(", ")}`), () => json(`/matches?titles=${titles.map(enc).join(",")}&flavour=${flavour}&k=${k}`), null]);
  $("pair-groups").replaceChildren(...groups);
  if (!titles.length) { $("pair-groups").textContent = "Tick a title above."; return; }
  await guard(loadReviews)(titles);
  setStatus(`loading ${flavour} pairs…`);
  await Promise.all(jobs.map(([box, fetcher, title]) => guard(async () => {
    const list = box.querySelector(".pairs");
    list.textContent = "loading…";
    const data = await fetcher().catch((e) => { list.replaceChildren(); throw e; });
    const prov = data.provenance ?? (title ? (await titleInfo(title).catch(() => ({}))).provenance?.[flavour] : null);
    box.querySelector(".provenance-line").textContent = provenanceText(prov, flavour);
    list.replaceChildren(...data.pairs.map((p) => pairCard(p, flavour, title ?? p.a.titleId)));
    if (!data.pairs.length) list.textContent = `no ${flavour} pairs` + (data.availableFlavours ? ` (scored: ${data.availableFlavours.join(", ")})` : "");
  }, box)()));
  setStatus(`${document.querySelectorAll(".pair").length} ${flavour} pair(s) shown`);
  select(0, false);
}

function pairCard(pair, flavour, reviewTitle) {
  const node = $("pair-template").content.firstElementChild.cloneNode(true);
  Object.assign(node.dataset, { a: pair.a.shotId, b: pair.b.shotId, title: reviewTitle, flavour });
  const name = (s) => `${s.titleId ?? reviewTitle} #${s.index}`;
  const label = `pair ${pair.rank}: ${name(pair.a)} to ${name(pair.b)}`;
  node.setAttribute("aria-label", label);
  picture(node.querySelector("img.a"), pair.a.links.lastFrame, `last frame of shot A, ${name(pair.a)}`);
  picture(node.querySelector("img.b"), pair.b.links.firstFrame, `first frame of shot B, ${name(pair.b)}`);
  const cap = (s, which) => `${which} ${name(s)} ${fmt(s.startSec)}–${fmt(s.endSec)}` + (s.scale ? ` · ${s.scale}` : "")
    + (s.tags?.length ? ` · ${s.tags.slice(0, 3).join(", ")}` : "");
  node.querySelector(".a-cap").textContent = cap(pair.a, "A");
  node.querySelector(".b-cap").textContent = cap(pair.b, "B");
  node.querySelector(".score").textContent = `#${pair.rank} ${scoreName(flavour)} ${pair.score.toFixed(3)}`;
  const on = (cls, fn) => {
    const b = node.querySelector(cls);
    b.setAttribute("aria-label", `${b.textContent} (${label})`);
    b.onclick = () => { select(cards().indexOf(node), false); guard(fn)(); };
  };
  on(".play", () => play(pair, node));
  on(".like-a", () => openSimilar(pair.a));
  on(".like-b", () => openSimilar(pair.b));
  on(".good", () => mark(node, "good"));
  on(".bad", () => mark(node, "bad"));
  node.querySelector(".note").setAttribute("aria-label", `note on ${label}`);
  const review = state.reviews.get(reviewKey(reviewTitle, flavour, pair.a.shotId, pair.b.shotId));
  if (review) {
    node.querySelector(".note").value = review.note || "";
    showVerdict(node, review.verdict, "stored");
  }
  return node;
}

function showVerdict(node, verdict, how) {
  node.classList.remove("good", "bad");
  node.classList.add(verdict);
  node.querySelector(".verdict").textContent = `${verdict} (${how})`;
}

async function mark(node, verdict) {
  const { title, flavour, a, b } = node.dataset;
  const note = node.querySelector(".note").value.trim();
  node.querySelector(".verdict").textContent = "saving…";
  try {
    const review = await json(`/titles/${enc(title)}/reviews`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ flavour, a, b, verdict, note: note || null }),
    });
    state.reviews.set(reviewKey(title, flavour, a, b), review);
  } catch (e) {
    node.querySelector(".verdict").textContent = "not saved";
    throw e;
  }
  showVerdict(node, verdict, "saved");
  setStatus(`marked ${node.getAttribute("aria-label")} ${verdict}`);
}

// ---- playing a cut ---------------------------------------------------------------------------------------

const waitFor = (video, event) => new Promise((ok, bad) => {
  const fail = () => bad(new Error(`the browser cannot play this clip (${video.error?.message || "media error"})`));
  video.addEventListener(event, () => { video.removeEventListener("error", fail); ok(); }, { once: true });
  video.addEventListener("error", fail, { once: true });
});

let playing = 0;

// The end of shot A (its last 1.5 s) straight into the start of shot B (its first 1.5 s), from the shots' clips.
async function play(pair, node) {
  const video = $("player"), tail = 1.5, mine = ++playing;
  const label = node.getAttribute("aria-label");
  $("player-box").hidden = false;
  $("player-caption").textContent = `loading ${label}…`;
  const [a, b] = await Promise.all([media(pair.a.links.clip), media(pair.b.links.clip)]);
  if (mine !== playing) return;
  video.src = a;
  await waitFor(video, "loadedmetadata");
  video.currentTime = Math.max(0, video.duration - tail);
  $("player-caption").textContent = `playing the end of shot A (${label})`;
  await video.play();
  await waitFor(video, "ended");
  if (mine !== playing) return;
  video.src = b;
  await waitFor(video, "loadedmetadata");
  $("player-caption").textContent = `playing the start of shot B (${label})`;
  await video.play();
  await new Promise((r) => setTimeout(r, Math.min(tail, video.duration) * 1000));
  if (mine !== playing) return;
  video.pause();
  $("player-caption").textContent = `played the cut: ${label}`;
}

// ---- keyboard --------------------------------------------------------------------------------------------

const cards = () => [...document.querySelectorAll("#view-pairs .pair")];
let selected = -1;

function select(i, focus = true) {
  const all = cards();
  if (!all.length) { selected = -1; return; }
  selected = Math.max(0, Math.min(all.length - 1, i));
  all.forEach((c, j) => { c.classList.toggle("selected", j === selected); c.toggleAttribute("aria-current", j === selected); });
  if (focus) { all[selected].focus(); all[selected].scrollIntoView({ block: "nearest" }); }
}

document.addEventListener("keydown", (e) => {
  if (state.view !== "pairs" || e.ctrlKey || e.metaKey || e.altKey) return;
  const typing = e.target.closest?.("input, select, textarea");
  if (typing) {
    if (e.key === "Escape" && e.target.classList.contains("note")) e.target.closest(".pair").focus();
    return;
  }
  const card = cards()[selected];
  const actions = {
    j: () => select(selected + 1),
    k: () => select(selected - 1),
    g: () => card && guard(mark)(card, "good"),
    b: () => card && guard(mark)(card, "bad"),
    p: () => card?.querySelector(".play").click(),
    n: () => card?.querySelector(".note").focus(),
  };
  if (!actions[e.key]) return;
  e.preventDefault();
  actions[e.key]();
});

document.addEventListener("focusin", (e) => {
  const card = e.target.closest?.("#view-pairs .pair");
  if (card) select(cards().indexOf(card), false);
});

// ---- exports ---------------------------------------------------------------------------------------------

const formats = [["edl", "EDL"], ["otio", "OTIO"], ["fcpxml", "FCPXML"], ["csv", "CSV"]];

function renderExports() {
  const titles = selectedTitles();
  const flavour = $("flavour").value, k = $("k").value;
  const groups = titles.map((t) => exportGroup(t, [
    [`top ${flavour} pairs`, (f) => `/titles/${enc(t)}/export/${f}?content=pairs&flavour=${flavour}&k=${k}`],
    [`${flavour} pairs marked good`, (f) => `/titles/${enc(t)}/export/${f}?content=pairs&flavour=${flavour}&marked=good`],
    [`${flavour} pairs marked bad`, (f) => `/titles/${enc(t)}/export/${f}?content=pairs&flavour=${flavour}&marked=bad`],
    ["shots", (f) => `/titles/${enc(t)}/export/${f}?content=shots`],
  ], [[`reviews of ${t}`, `/titles/${enc(t)}/reviews.csv`]]));
  if (titles.length > 1) {
    const ids = titles.map(enc).join(",");
    groups.push(exportGroup(`across ${titles.join(", ")}`, [
      [`top ${flavour} pairs across titles`, (f) => `/matches/export/${f}?titles=${ids}&flavour=${flavour}&k=${k}`],
    ], []));
  }
  $("export-groups").replaceChildren(...groups);
  if (!titles.length) $("export-groups").textContent = "Tick a title above.";
}

function exportGroup(heading, rows, extras) {
  const box = document.createElement("section");
  box.className = "export-group";
  box.innerHTML = "<h3></h3><table><tr><th scope=col>what</th><th scope=col colspan=4>download as</th></tr></table><p class=extras></p><div class=export-errors></div>";
  box.querySelector("h3").textContent = heading;
  const errors = box.querySelector(".export-errors");
  const table = box.querySelector("table");
  for (const [what, path] of rows) {
    const row = table.insertRow();
    row.insertCell().textContent = what;
    for (const [f, name] of formats) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = name;
      b.setAttribute("aria-label", `${heading}: ${what} as ${name}`);
      b.onclick = guard(() => download(path(f), `${what}.${f}`.replaceAll(" ", "-")), errors);
      row.insertCell().append(b);
    }
  }
  for (const [what, path] of extras) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = `Reviews CSV`;
    b.setAttribute("aria-label", `${what} as CSV`);
    b.onclick = guard(() => download(path, `${what}.csv`.replaceAll(" ", "-")), errors);
    box.querySelector(".extras").append(b);
  }
  return box;
}

// Fetched with the key header, then handed to the browser as a file named as the API names it.
async function download(path, fallback) {
  const response = await call(path);
  const blob = await response.blob();
  if (!blob.size) throw new Error(`GET ${api}${path} sent an empty file`);
  const disposition = response.headers.get("Content-Disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallback;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  setStatus(`downloaded ${name} (${blob.type || "no content type"}, ${blob.size} bytes)`);
}

// ---- wiring ----------------------------------------------------------------------------------------------

$("key-form").onsubmit = (e) => {
  e.preventDefault();
  sessionStorage.setItem(keyName, $("key").value);
  $("key").value = "";
  $("key-state").textContent = key() ? "key set" : "no key";
  blobs.clear();
  titleInfos.clear();
  $("errors").replaceChildren();
  guard(loadTitles)();
};
for (const b of document.querySelectorAll("#views button")) b.onclick = () => show(b.dataset.view);
$("pairs-form").onsubmit = (e) => { e.preventDefault(); state.stale.add("export"); guard(loadPairs)(); };
$("search-form").onsubmit = (e) => { e.preventDefault(); guard(search, $("search-results"))(1); };
$("find-form").onsubmit = (e) => { e.preventDefault(); guard(searchWords, $("search-results"))(); };
$("picture-go").onclick = () => guard(searchPicture, $("search-results"))();
$("search-prev").onclick = () => guard(state.search.by || search, $("search-results"))(state.search.page - 1);
$("search-next").onclick = () => guard(state.search.by || search, $("search-results"))(state.search.page + 1);
$("similar-form").onsubmit = (e) => { e.preventDefault(); guard(findSimilar, $("similar-results"))(); };

if (key()) $("key-state").textContent = "key set";
guard(loadTitles)();
