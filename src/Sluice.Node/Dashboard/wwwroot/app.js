// Sluice dashboard: plain modules, no build step. Everything comes from the node's API with the
// bearer token of this tab (sessionStorage); the live part reads /api/events with fetch, since
// EventSource cannot send an Authorization header. Every text from the node (file names, errors)
// goes into the page as text, never as HTML.

const STATES = ["incoming", "sanitized", "vaulted", "tiered", "encoded", "notified", "failed", "cancelled"];
const TOKEN_KEY = "sluice-token";

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) || "",
  lastEventId: null,
  streaming: false,
  search: "",
  drawerItem: null,
  refreshTimer: null,
  stopped: false,
};

const $ = (id) => document.getElementById(id);

/** Builds an element; strings become text nodes, so names and errors can never become markup. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

class AuthError extends Error {}

async function api(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  const response = await fetch(path, { ...options, headers, cache: "no-store" });
  if (response.status === 401) throw new AuthError("The node wants a token.");
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 4000);
}

const short = (id) => id.slice(0, 12);
const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
const ago = (iso) => {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
};
const badge = (s) => el("span", { class: `badge state-${s}`, dataset: { state: s } }, s);

// ---------------------------------------------------------------- sign-in

function showLogin(message) {
  state.stopped = true;
  $("main").hidden = true;
  $("login").hidden = false;
  $("sign-out").hidden = true;
  $("login-error").textContent = message || "";
  $("token").focus();
}

$("login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.token = $("token").value.trim();
  sessionStorage.setItem(TOKEN_KEY, state.token);
  start();
});

$("sign-out").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = "";
  location.reload();
});

// ---------------------------------------------------------------- panels

function renderCounts(items) {
  $("counts").replaceChildren(
    ...STATES.map((s) =>
      el("div", { class: `count state-${s}`, dataset: { testid: `count-${s}` } },
        el("div", { class: "n" }, items[s] ?? 0),
        el("div", { class: "s" }, s)))
  );
}

function renderChart(stats) {
  const buckets = stats.throughput;
  // Drawn at the card's own width, so bars and labels keep their proportions.
  const width = Math.max(320, $("chart").clientWidth || 720), height = 180, left = 28, bottom = 20, top = 10;
  const max = Math.max(1, ...buckets.map((b) => Math.max(b.steps, b.finished, b.failed + b.retries)));
  const slot = (width - left) / buckets.length;
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Throughput" });
  for (const fraction of [0, 0.5, 1]) {
    const v = Math.round(max * fraction);
    chart.append(svg("line", { class: "grid-line", x1: left, x2: width, y1: y(v), y2: y(v) }));
    chart.append(svg("text", { class: "axis", x: 0, y: y(v) + 3 }, v));
  }
  buckets.forEach((b, i) => {
    const x = left + i * slot;
    const bar = (value, fill, offset, w) => value > 0 && chart.append(
      svg("rect", { x: x + offset, y: y(value), width: w, height: y(0) - y(value), rx: 1.5, fill, "data-series": fill },
        svg("title", {}, `${time(b.start)}: ${b.finished} finished, ${b.steps} steps, ${b.failed} failed, ${b.retries} retries`)));
    bar(b.steps, "#2f4f6f", 1, slot - 2);
    bar(b.finished, "#3fb950", slot * 0.25, slot * 0.5);
    bar(b.failed + b.retries, b.failed > 0 ? "#f85149" : "#d29922", slot * 0.4, slot * 0.2);
  });
  chart.append(svg("text", { class: "axis", x: left, y: height - 4 }, time(buckets[0].start)));
  chart.append(svg("text", { class: "axis", x: width, y: height - 4, "text-anchor": "end" }, "now"));
  $("chart").replaceChildren(chart);
  const minutes = Math.round((stats.bucketSeconds * buckets.length) / 60);
  $("chart-range").textContent = minutes >= 120 ? `last ${Math.round(minutes / 60)} hours` : `last ${minutes} minutes`;
}

function describeProgress(p) {
  if (!p) return "";
  const parts = [];
  if (typeof p.percent === "number") parts.push(`${p.percent.toFixed(1)}%`);
  const size = (b) => b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(1)} MiB` : `${Math.round(b / 1024)} KiB`;
  if (typeof p.bytes === "number") parts.push(typeof p.total === "number" ? `${size(p.bytes)} of ${size(p.total)}` : size(p.bytes));
  if (typeof p.bytesPerSecond === "number" && p.bytesPerSecond > 0) parts.push(`${size(p.bytesPerSecond)}/s`);
  if (typeof p.speed === "number") parts.push(`${p.speed}x`);
  if (p.destination) parts.push(`to ${p.destination}`);
  if (p.fetching) parts.push(`fetching from ${p.fetching}`);
  if (p.eta) parts.push(`eta ${p.eta}`);
  return parts.join(" · ");
}

function renderJobs(jobs) {
  $("jobs-count").textContent = jobs.length ? `${jobs.length} running` : "";
  if (!jobs.length) {
    $("jobs").replaceChildren(el("li", { class: "empty" }, "Nothing running."));
    return;
  }
  $("jobs").replaceChildren(...jobs.map((job) => {
    const percent = job.progress && typeof job.progress.percent === "number" ? job.progress.percent : null;
    const fill = el("span");
    if (percent !== null) fill.style.width = `${Math.min(100, Math.max(0, percent))}%`;
    return el("li", { dataset: { itemId: job.itemId, step: job.step } },
      el("div", { class: "job-head" },
        el("span", { class: "job-name" }, el("a", { class: "link", onclick: () => openItem(job.itemId) }, job.name)),
        el("span", { class: "hint" }, `${job.step} on ${job.node ?? "?"} · try ${job.attempt}/${job.maxAttempts}`)),
      el("div", { class: percent === null ? "bar indeterminate" : "bar", role: "progressbar", "aria-valuenow": percent ?? undefined }, fill),
      el("div", { class: "job-detail" }, describeProgress(job.progress) || "working…"));
  }));
}

function renderFailures(items) {
  $("failures-count").textContent = items.length ? `${items.length} waiting for you` : "";
  if (!items.length) {
    $("failures").replaceChildren(el("li", { class: "empty" }, "No failures."));
    return;
  }
  $("failures").replaceChildren(...items.map((item) =>
    el("li", { dataset: { itemId: item.id } },
      el("div", {}, el("a", { class: "link", onclick: () => openItem(item.id) }, item.name), " ",
        el("span", { class: "id" }, `${item.step ?? ""} · try ${item.attempt ?? "?"}`)),
      el("div", { class: "reason" }, item.error ?? "no reason recorded"),
      el("div", { class: "actions" },
        el("button", { class: "small retry", dataset: { testid: "retry" }, onclick: (e) => act(item.id, "retry", e.currentTarget) }, "Retry")))));
}

function renderItems(items) {
  if (!items.length) {
    $("items").replaceChildren(el("tr", {}, el("td", { colspan: 4, class: "empty" }, state.search ? "No match." : "No items yet: drop files into the incoming folder.")));
    return;
  }
  $("items").replaceChildren(...items.map((item) =>
    el("tr", { dataset: { itemId: item.id, state: item.state } },
      el("td", {}, el("a", { class: "link", onclick: () => openItem(item.id) }, item.name), " ", el("span", { class: "id" }, short(item.id))),
      el("td", {}, badge(item.state)),
      el("td", { class: "hint" }, item.step ? `${item.step} ${item.jobState ?? ""}` : ""),
      el("td", { class: "hint" }, ago(item.updatedAt)))));
}

function renderCluster(cluster) {
  $("nodes").replaceChildren(...cluster.nodes.map((node) =>
    el("li", { dataset: { node: node.name } },
      el("span", { class: node.alive ? "health up" : "health", title: node.alive ? "alive" : "down" }),
      el("div", {},
        el("div", { class: "name" }, node.name, node.draining ? el("span", { class: "chip" }, " draining") : null),
        el("div", { class: "chips" }, ...node.roles.map((r) => el("span", { class: "chip" }, r)))),
      el("div", { class: "meta" }, node.alive ? "alive" : "down", el("br"), `heartbeat ${ago(node.heartbeatAt)} · ${node.runningJobs} running`))));
  $("stages").replaceChildren(...cluster.stages.map((s) =>
    el("tr", {},
      el("td", {}, s.queue),
      el("td", {}, s.waiting), el("td", {}, s.running), el("td", {}, s.retrying),
      el("td", { class: "hint" }, [s.paused ? "paused" : "", s.maxRunning ? `max ${s.maxRunning}` : ""].filter(Boolean).join(" · ")))));
}

function addEvent(e) {
  const type = e.event.type;
  const tone = ["quarantined", "step-failed", "lease-expired"].includes(type) ? "bad" : type === "notified" ? "good" : "";
  const row = el("li", { dataset: { itemId: e.itemId, type } },
    el("span", { class: "t" }, time(e.event.at)),
    el("span", { class: "hint" }, e.event.node ?? ""),
    el("span", { class: "n" }, el("a", { class: "link", onclick: () => openItem(e.itemId) }, e.name)),
    el("span", { class: tone }, e.event.summary, e.event.error ? ` — ${e.event.error}` : ""));
  const list = $("events");
  list.prepend(row);
  while (list.children.length > 60) list.lastChild.remove();
}

// ---------------------------------------------------------------- item drawer

async function openItem(id) {
  state.drawerItem = id;
  $("drawer").hidden = false;
  await renderDrawer();
}

$("drawer-close").addEventListener("click", () => {
  state.drawerItem = null;
  $("drawer").hidden = true;
});

async function renderDrawer() {
  const id = state.drawerItem;
  if (!id) return;
  const item = await api(`/api/items/${id}`);
  if (state.drawerItem !== id) return;
  const s = item.summary;
  $("drawer-title").textContent = s.name;
  const facts = [["state", badge(s.state)], ["id", s.id], ["library", s.libraryPath ?? "—"], ["size", `${item.size.toLocaleString()} bytes`]];
  if (item.job) facts.push(["step", `${item.job.step} ${item.job.state}, try ${item.job.attempt}/${item.job.maxAttempts}${item.job.node ? ` on ${item.job.node}` : ""}`]);
  if (item.job?.waiting) facts.push(["waiting", item.job.waiting]);
  if (s.error) facts.push(["error", el("span", { class: "error" }, s.error)]);
  if (item.pinned) facts.push(["pinned", "yes: kept on the local disk"]);
  $("drawer-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  const actions = [];
  if (s.state === "failed") actions.push(el("button", { class: "small retry", dataset: { testid: "drawer-retry" }, onclick: (e) => act(id, "retry", e.currentTarget) }, "Retry"));
  if (!["notified", "cancelled"].includes(s.state)) actions.push(el("button", { class: "small ghost", onclick: (e) => act(id, "cancel", e.currentTarget) }, "Cancel"));
  actions.push(el("button", { class: "small ghost", onclick: (e) => act(id, item.pinned ? "unpin" : "pin", e.currentTarget) }, item.pinned ? "Unpin" : "Pin"));
  $("drawer-actions").replaceChildren(...actions);
  $("drawer-timeline").replaceChildren(...item.timeline.map((entry) => {
    const tone = ["quarantined", "step-failed", "lease-expired"].includes(entry.type) ? "state-failed" : entry.type === "notified" ? "state-notified" : "";
    return el("li", { class: tone, dataset: { type: entry.type } },
      el("div", { class: "when" }, `${new Date(entry.at).toLocaleString([], { hour12: false })} · ${entry.node ?? ""}${entry.attempt ? ` · try ${entry.attempt}` : ""}`),
      el("div", {}, entry.summary),
      entry.error ? el("div", { class: "err" }, entry.error) : null);
  }));
}

async function act(id, action, button) {
  if (button) button.disabled = true;
  try {
    const item = await api(`/api/items/${id}/${action}`, { method: "POST" });
    toast(`${item.name}: ${action} accepted, now ${item.state}`);
    await refresh();
    if (state.drawerItem === id) await renderDrawer();
  } catch (error) {
    if (error instanceof AuthError) return showLogin(error.message);
    toast(`${action} refused: ${error.message}`);
    if (button) button.disabled = false;
  }
}

// ---------------------------------------------------------------- data

async function refresh() {
  const query = state.search ? `&q=${encodeURIComponent(state.search)}` : "";
  const [stats, items, failures] = await Promise.all([
    api("/api/stats"),
    api(`/api/items?limit=25${query}`),
    api("/api/items?state=failed&limit=50"),
  ]);
  renderCounts(stats.items);
  renderChart(stats);
  renderItems(items);
  renderFailures(failures);
}

async function refreshCluster() {
  // Channels, mounts and library operations are extras: a node without one of them still shows the rest.
  const [cluster, channels, mounts, ops] = await Promise.all([
    api("/api/cluster"),
    api("/api/notify/channels").catch(() => []),
    api("/api/mounts?all=true").catch(() => ({ mounts: [] })),
    api("/api/library/ops?limit=8").catch(() => []),
  ]);
  renderCluster(cluster);
  renderServices(channels, mounts.mounts);
  renderLibraryOps(ops);
}

/** A row of the nodes style: a health dot, a name with chips, and a note on the right. */
function serviceRow(kind, name, good, chips, note, title) {
  return el("li", { dataset: { kind, name } },
    el("span", { class: good ? "health up" : "health", title: title ?? "" }),
    el("div", {},
      el("div", { class: "name" }, name),
      el("div", { class: "chips" }, ...chips.filter(Boolean).map((c) => el("span", { class: "chip" }, c)))),
    el("div", { class: "meta" }, ...note));
}

function renderServices(channels, mounts) {
  const rows = [
    ...channels.map((c) => serviceRow("channel", c.name, c.state === "ok", [c.kind, c.state, c.configured ? null : "not configured here"],
      [c.waiting ? `${c.waiting} waiting` : "nothing waiting", el("br"), c.quarantineReason ?? c.holding ?? c.lastError ?? ""],
      c.quarantineReason ?? c.holding ?? c.lastError ?? c.state)),
    ...mounts.map((m) => serviceRow("mount", `${m.node}: ${m.name}`, m.state === "healthy", [m.kind, m.state, m.restarts ? `${m.restarts} restarts` : null],
      [m.path, el("br"), m.lastError ?? `since ${ago(m.since)}`], m.lastError ?? m.state)),
  ];
  $("services").replaceChildren(...(rows.length ? rows : [el("li", { class: "hint" }, "No notification channels or supervised mounts.")]));
}

function renderLibraryOps(ops) {
  $("library-ops").replaceChildren(...(ops.length
    ? ops.map((o) => serviceRow("library-op", `${o.tool} ${o.folder}`, o.state !== "failed",
      [o.state, o.resuming ? "resuming" : null, o.node],
      [`${o.stepsDone}/${o.stepsTotal} steps`, el("br"), o.error ?? ago(o.updatedAt)], o.error ?? o.summary))
    : [el("li", { class: "hint" }, "No library operations. See ctl library.")]));
}

/** Many events in a burst make one refresh, at most twice a second. */
function scheduleRefresh() {
  if (state.refreshTimer) return;
  state.refreshTimer = setTimeout(async () => {
    state.refreshTimer = null;
    try {
      await refresh();
      if (state.drawerItem) await renderDrawer();
    } catch (error) {
      if (error instanceof AuthError) showLogin(error.message);
    }
  }, 500);
}

function setLive(on, text) {
  $("live").className = on ? "live on" : "live off";
  $("live").querySelector(".label").textContent = text;
}

function handle(message) {
  if (message.id) state.lastEventId = message.id;
  if (message.event === "item") {
    const e = JSON.parse(message.data);
    addEvent(e);
    scheduleRefresh();
  } else if (message.event === "jobs") {
    renderJobs(JSON.parse(message.data));
  }
}

/** Reads the event stream; reconnects with Last-Event-ID, so nothing that happened meanwhile is missed. */
async function stream() {
  if (state.streaming) return;
  state.streaming = true;
  while (!state.stopped) {
    try {
      const headers = { Accept: "text/event-stream" };
      if (state.token) headers.Authorization = `Bearer ${state.token}`;
      if (state.lastEventId) headers["Last-Event-ID"] = state.lastEventId;
      const response = await fetch("/api/events", { headers, cache: "no-store" });
      if (response.status === 401) {
        state.streaming = false;
        return showLogin("The node refused the token.");
      }
      if (!response.ok || !response.body) throw new Error(`${response.status}`);
      setLive(true, "live");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message = { id: null, event: "message", data: [] };
          for (const line of block.split("\n")) {
            if (!line || line.startsWith(":")) continue;
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "id") message.id = text;
            else if (field === "event") message.event = text;
            else if (field === "data") message.data.push(text);
          }
          if (message.data.length) handle({ ...message, data: message.data.join("\n") });
          else if (message.id) state.lastEventId = message.id;
        }
      }
    } catch {
      // The node restarted or the network dropped: try again shortly.
    }
    setLive(false, "reconnecting…");
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  state.streaming = false;
}

async function start() {
  state.stopped = false;
  try {
    const health = await api("/api/health");
    $("node-name").textContent = `node ${health.node}`;
  } catch (error) {
    if (error instanceof AuthError) {
      return showLogin(state.token ? "The node refused the token." : "");
    }
    setLive(false, `cannot reach the node: ${error.message}`);
    setTimeout(start, 3000);
    return;
  }
  $("login").hidden = true;
  $("main").hidden = false;
  $("sign-out").hidden = !state.token;
  await Promise.all([refresh(), refreshCluster()]).catch((error) => {
    if (error instanceof AuthError) showLogin(error.message);
  });
  renderJobs(await api("/api/jobs").catch(() => []));
  stream();
  clearInterval(start.cluster);
  start.cluster = setInterval(() => refreshCluster().catch(() => {}), 5000);
  clearInterval(start.stats);
  start.stats = setInterval(() => scheduleRefresh(), 30000);
}

$("search").addEventListener("input", (event) => {
  state.search = event.target.value.trim();
  scheduleRefresh();
});

start();
