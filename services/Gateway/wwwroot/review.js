// Review page: browse a title's match-cut pairs, play transitions, record verdicts, export the cut list.
"use strict";
const api = "/api/v1";
const keyName = "matchcut.apiKey";
const $ = (id) => document.getElementById(id);
const blobs = new Map();
let current = null;

const key = () => sessionStorage.getItem(keyName) || "";
const setStatus = (text) => { $("status").textContent = text; };

async function call(path, init = {}) {
  const headers = { "X-Api-Key": key(), ...(init.headers || {}) };
  const response = await fetch(api + path, { ...init, headers });
  if (!response.ok) {
    let detail = response.statusText;
    try { const p = await response.json(); detail = p.detail || p.title || detail; } catch { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response;
}

// <img> and <video> cannot send the key header, so media is fetched and shown from blob URLs.
async function media(path) {
  if (!blobs.has(path)) blobs.set(path, call(path.substring(api.length)).then((r) => r.blob()).then((b) => URL.createObjectURL(b)));
  return blobs.get(path);
}

async function loadTitles() {
  const { titles } = await (await call("/titles")).json();
  $("title").replaceChildren(...titles.map((t) => new Option(t, t)));
  setStatus(titles.length ? `${titles.length} title(s)` : "no titles yet");
}

const fmt = (s) => `${s.toFixed(2)}s`;

async function loadPairs() {
  const title = $("title").value, flavour = $("flavour").value, k = $("k").value;
  setStatus("loading pairs...");
  const data = await (await call(`/titles/${encodeURIComponent(title)}/matches?flavour=${flavour}&k=${k}`)).json();
  current = data;
  const reviews = (await (await call(`/titles/${encodeURIComponent(title)}/reviews`)).json()).reviews;
  const cards = data.pairs.map((p) => card(p, reviews.find((r) => r.flavour === flavour && r.a === p.a.shotId && r.b === p.b.shotId)));
  $("pairs").replaceChildren(...cards);
  setStatus(`${data.pairs.length} pair(s) in ${flavour}` + (data.pairs.length ? "" : ` (scored: ${data.availableFlavours.join(", ")})`));
}

function card(pair, review) {
  const node = $("pair-template").content.firstElementChild.cloneNode(true);
  node.dataset.a = pair.a.shotId;
  node.dataset.b = pair.b.shotId;
  media(pair.a.links.lastFrame).then((u) => { node.querySelector("img.a").src = u; });
  media(pair.b.links.firstFrame).then((u) => { node.querySelector("img.b").src = u; });
  node.querySelector(".a-cap").textContent = `A #${pair.a.index} ${fmt(pair.a.startSec)}–${fmt(pair.a.endSec)}`;
  node.querySelector(".b-cap").textContent = `B #${pair.b.index} ${fmt(pair.b.startSec)}–${fmt(pair.b.endSec)}`;
  node.querySelector(".score").textContent = `#${pair.rank} score ${pair.score.toFixed(3)}`;
  node.querySelector(".play").onclick = () => play(pair, node).catch(fail);
  node.querySelector(".good").onclick = () => mark(pair, node, "good").catch(fail);
  node.querySelector(".bad").onclick = () => mark(pair, node, "bad").catch(fail);
  if (review) show(node, review.verdict);
  return node;
}

function show(node, verdict) {
  node.classList.remove("good", "bad");
  node.classList.add(verdict);
  node.querySelector(".verdict").textContent = verdict;
}

async function mark(pair, node, verdict) {
  await call(`/titles/${encodeURIComponent(current.titleId)}/reviews`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ flavour: current.flavour, a: pair.a.shotId, b: pair.b.shotId, verdict }),
  });
  show(node, verdict);
  setStatus(`marked #${pair.rank} ${verdict}`);
}

const once = (el, ev) => new Promise((ok, bad) => {
  el.addEventListener(ev, ok, { once: true });
  el.addEventListener("error", () => bad(new Error("the browser cannot play this clip")), { once: true });
});

// The end of shot A (last 1.5 s) straight into the start of shot B (first 1.5 s).
async function play(pair, node) {
  const video = $("player"), tail = 1.5;
  $("player-box").hidden = false;
  $("player-caption").textContent = `#${pair.rank}: end of shot ${pair.a.index} into start of shot ${pair.b.index}`;
  const [a, b] = await Promise.all([media(pair.a.links.clip), media(pair.b.links.clip)]);
  video.src = a;
  await once(video, "loadedmetadata");
  video.currentTime = Math.max(0, video.duration - tail);
  await video.play();
  await once(video, "ended");
  video.src = b;
  await once(video, "loadedmetadata");
  await video.play();
  node.dataset.played = "true";
  await new Promise((r) => setTimeout(r, tail * 1000));
  video.pause();
}

async function exportCsv() {
  const title = $("title").value;
  const text = await (await call(`/titles/${encodeURIComponent(title)}/reviews.csv`)).text();
  $("csv").hidden = false;
  $("csv").textContent = text;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  link.download = `${title}-reviews.csv`;
  link.click();
  return text;
}

function fail(e) { setStatus(`error: ${e.message}`); throw e; }

// #autotest drives the whole flow once, for the headless browser test.
async function autotest() {
  await loadTitles();
  await loadPairs();
  const first = document.querySelector(".pair");
  if (!first) throw new Error("no pairs shown");
  const pair = current.pairs[0];
  await play(pair, first);
  await mark(pair, first, "good");
  const csv = await exportCsv();
  if (!csv.includes(pair.a.shotId)) throw new Error("CSV lacks the marked pair");
  await Promise.all([...document.querySelectorAll(".pair img")].map((i) => i.complete ? 0 : once(i, "load")));
  document.title = "autotest:ok";
}

$("key-form").onsubmit = (e) => {
  e.preventDefault();
  sessionStorage.setItem(keyName, $("key").value);
  $("key").value = "";
  $("key-state").textContent = "key set";
  loadTitles().catch(fail);
};
$("load").onclick = () => loadPairs().catch(fail);
$("export").onclick = () => exportCsv().catch(fail);

const params = new URLSearchParams(location.hash.substring(1));
if (params.get("key")) { sessionStorage.setItem(keyName, params.get("key")); history.replaceState(null, "", location.pathname); }
if (key()) {
  $("key-state").textContent = "key set";
  if (params.has("autotest")) autotest().catch((e) => { document.title = `autotest:fail ${e.message}`; setStatus(`error: ${e.message}`); });
  else loadTitles().catch(fail);
}
