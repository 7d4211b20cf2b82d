"use strict";
// Shows an annotation's details in the side panel. Forum text only ever goes in through textContent.
(() => {
  const data = JSON.parse(document.getElementById("anecdata-data").textContent);
  const body = document.getElementById("detail-body");
  const hint = body.firstElementChild;
  let pinned = null;

  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const marks = (id) => document.querySelectorAll('mark[data-id="' + CSS.escape(id) + '"]');
  const value = (v) => (typeof v === "string" ? v : Array.isArray(v) ? v.join(", ") : JSON.stringify(v));
  // An empty value says nothing ("codes: []"), so it is left out, as the terminal view leaves it out.
  const said = (v) => !(v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0));
  // A label in words ("no change", not "no_change"): the page carries them, worded by anecdata.view.label_words.
  const words = (a) => a.words || a.label;
  const quote = (s) => "\u201c" + s + "\u201d";

  function rows(a) {
    const out = [["where", "post " + a.post + ", characters " + a.start + "\u2013" + a.end]];
    if (a.concept) out.push(["concept", a.concept.name + " (" + a.concept.system + " " + a.concept.code + ")"]);
    const attrs = Object.entries(a.attrs).filter(([, v]) => said(v)).map(([k, v]) => k + ": " + value(v));
    if (attrs.length) out.push(["attributes", attrs]);
    out.push(["score", Number(a.score).toFixed(2)]);
    const origin = [a.origin.component, a.origin.part, a.origin.rule].filter(Boolean).join(" / ");
    out.push(["origin", origin + " (v" + a.origin.version + ")"]);
    out.push(["alignment", a.explanation.alignment]);
    if (a.explanation.note) out.push(["why", a.explanation.note]);
    const cues = a.explanation.cues.map((c) => c.kind + ": " + quote(c.text) + " at " + c.start + "\u2013" + c.end);
    if (cues.length) out.push(["cues", cues]);
    const links = a.links.map((id) => (data[id] ? words(data[id]) + ": " + quote(data[id].text) : id));
    if (links.length) out.push(["links", links]);
    out.push(["id", a.id]);
    return out;
  }

  function cell(v) {
    if (!Array.isArray(v)) return el("dd", "", v);
    const dd = el("dd");
    const ul = el("ul");
    for (const item of v) ul.append(el("li", "", item));
    dd.append(ul);
    return dd;
  }

  function show(id) {
    const a = data[id];
    if (!a) return;
    for (const m of document.querySelectorAll("mark.selected")) m.classList.remove("selected");
    for (const m of marks(id)) m.classList.add("selected");
    const kind = el("p", "detail-kind");
    kind.append(el("span", "chip a " + a.layer + " " + a.layer + "-" + a.label, a.layer + " \u00b7 " + words(a)));
    const dl = el("dl");
    for (const [k, v] of rows(a)) dl.append(el("dt", "", k), cell(v));
    const parts = [kind, el("blockquote", "detail-quote", a.text), dl];
    if (pinned === id) parts.push(el("p", "pinned", "Pinned. Press Esc to release."));
    body.replaceChildren(...parts);
  }

  function pin(id) {
    pinned = id;
    show(id);
  }

  function release() {
    pinned = null;
    for (const m of document.querySelectorAll("mark.selected")) m.classList.remove("selected");
    body.replaceChildren(hint);
  }

  const markOf = (event) => event.target.closest("mark[data-id]");

  document.addEventListener("mouseover", (e) => {
    const m = markOf(e);
    if (m && pinned === null) show(m.dataset.id);
  });
  document.addEventListener("focusin", (e) => {
    // Moving focus is an explicit choice (Tab, a click), so it wins over a pin.
    const m = markOf(e);
    if (m) {
      pinned = null;
      show(m.dataset.id);
    }
  });
  document.addEventListener("click", (e) => {
    const jump = e.target.closest("button[data-jump]");
    if (jump) {
      const first = marks(jump.dataset.jump)[0];
      if (first) {
        first.scrollIntoView({ block: "center" });
        first.focus({ preventScroll: true });
      }
      pin(jump.dataset.jump);
      return;
    }
    const m = markOf(e);
    if (m) pinned === m.dataset.id ? release() : pin(m.dataset.id);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      release();
    } else if ((e.key === "Enter" || e.key === " ") && e.target.matches("mark[data-id]")) {
      e.preventDefault();
      pin(e.target.dataset.id);
    }
  });
})();
