// Agent side panel: check a draft (underline risky spans), apply the rewrite, send, suggest, plans, search.
"use strict";
(function () {
  const { call, el, strings, sources, knowledgeUrl } = window.M;
  const S = strings();
  const panel = document.getElementById("panel");
  const lang = panel.dataset.lang;
  const draft = document.getElementById("draft");
  const view = document.getElementById("draft-view");
  const rewriteBox = document.getElementById("rewrite-box");
  const rewriteText = document.getElementById("rewrite-text");
  const status = document.getElementById("send-status");
  const transcript = document.getElementById("transcript");

  function badge(risk) {
    const level = (risk && risk.level) || "none";
    return el("span", { class: `badge level-${level}`, title: `${S.risk} ${(risk && risk.score) || 0}/100` },
      `${S.risk}: ${S["level_" + level]}`);
  }

  function reason(flag) {
    const parts = [S.categories[flag.category] || flag.category];
    if (flag.citation && flag.citation.citation) parts.push(flag.citation.citation);
    return parts.join(" — ");
  }

  // Flags carry Python code-point offsets; index by code point so emoji do not shift the underline.
  // Overlapping flags merge into one underlined span whose reason lists every flag.
  function underline(text, flags) {
    const chars = Array.from(text);
    const groups = [];
    flags.filter((f) => f.end > f.start).sort((a, b) => a.start - b.start).forEach((flag) => {
      const last = groups[groups.length - 1];
      if (last && flag.start < last.end) { last.end = Math.max(last.end, flag.end); last.flags.push(flag); }
      else groups.push({ start: flag.start, end: flag.end, flags: [flag] });
    });
    const nodes = [];
    let at = 0;
    groups.forEach((group, i) => {
      if (group.start > at) nodes.push(chars.slice(at, group.start).join(""));
      const id = `why-${i}`;
      const categories = group.flags.map((f) => f.category).join(" ");
      nodes.push(el("mark", { class: "risk", tabindex: "0", "aria-describedby": id, "data-category": categories },
        chars.slice(group.start, group.end).join(""),
        el("span", { class: "why", id, role: "tooltip" }, group.flags.map(reason).join("；"))));
      at = group.end;
    });
    if (at < chars.length) nodes.push(chars.slice(at).join(""));
    return nodes;
  }

  function showRisk(text, risk, rewrite) {
    const flags = risk.flags || [];
    view.hidden = false;
    view.classList.toggle("clean", flags.length === 0);
    const whole = flags.filter((f) => f.end <= f.start);
    view.replaceChildren(badge(risk), " ", ...(flags.length ? underline(text, flags) : [text, " — ", S.draft_clean]));
    if (whole.length) view.append(el("ul", { class: "flag-list" }, whole.map((f) => el("li", {}, reason(f)))));
    const offer = rewrite && rewrite !== text && flags.length;
    rewriteBox.hidden = !offer;
    rewriteText.textContent = offer ? rewrite : "";
  }

  async function check(keepStatus = false) {
    const text = draft.value.trim();
    if (!text) return;
    if (!keepStatus) { status.textContent = ""; status.className = ""; }
    const result = await call(panel.dataset.check, { method: "POST", body: { text, lang } });
    if (!result.ok) { status.textContent = (result.data.error || {}).message || S.network_error; return; }
    showRisk(text, result.data, result.data.rewrite);
  }

  document.getElementById("draft-form").addEventListener("submit", (event) => { event.preventDefault(); check(); });
  document.getElementById("apply-rewrite").addEventListener("click", () => {
    draft.value = rewriteText.textContent;
    draft.focus();
    check();
  });

  const sendButton = document.getElementById("send-button");
  if (sendButton) sendButton.addEventListener("click", async () => {
    const text = draft.value.trim();
    if (!text) { draft.focus(); return; }
    sendButton.disabled = true;
    const result = await call(panel.dataset.send, { method: "POST", body: { text } });
    sendButton.disabled = false;
    if (result.ok) {
      status.className = "good";
      status.textContent = S.sent;
      transcript.append(el("li", { class: "msg agent" }, el("span", { class: "who" }, S.agent_person, " ", badge(result.data.reply.risk)),
        el("p", {}, text)));
      draft.value = "";
      view.hidden = true;
      rewriteBox.hidden = true;
      return;
    }
    const error = result.data.error || {};
    status.className = "bad";
    status.textContent = error.code === "message_blocked" ? S.blocked : (error.message || S.network_error);
    if (error.risk) {
      showRisk(text, error.risk, null);
      transcript.append(el("li", { class: "msg agent blocked" }, el("span", { class: "who" }, S.agent_person, " ", badge(error.risk)),
        el("p", {}, text)));
      check(true);
    }
  });

  function showSuggestion(reply) {
    const box = document.getElementById("suggestion");
    box.replaceChildren(el("p", { class: "reply-text", id: "suggestion-text" }, reply.text),
      sources(reply.citations, S.sources, knowledgeUrl));
    document.getElementById("use-suggestion").hidden = false;
  }

  document.getElementById("use-suggestion").addEventListener("click", () => {
    draft.value = document.getElementById("suggestion-text").textContent;
    draft.focus();
  });

  const borrowerForm = document.getElementById("borrower-form");
  if (borrowerForm) borrowerForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("borrower-text");
    const text = input.value.trim();
    if (!text) return;
    const button = borrowerForm.querySelector("button");
    button.disabled = true;
    const result = await call(panel.dataset.borrower, { method: "POST", body: { text } });
    button.disabled = false;
    if (!result.ok) { status.textContent = (result.data.error || {}).message || S.network_error; return; }
    input.value = "";
    transcript.append(el("li", { class: "msg borrower" }, el("span", { class: "who" }, S.borrower_said), el("p", {}, text)),
      el("li", { class: "msg assistant" }, el("span", { class: "who" }, S.assistant, " ", badge(result.data.reply.risk)),
        el("p", {}, result.data.reply.text)));
    showSuggestion(result.data.reply);
    const intent = result.data.intent && result.data.intent.label;
    if (intent) document.getElementById("wants").textContent = S.intents[intent] || intent;
  });

  document.getElementById("plans-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const list = document.getElementById("plan-results");
    const body = { conversation_id: panel.dataset.id, hardship: document.getElementById("hardship").checked, lang };
    const result = await call(panel.dataset.plans, { method: "POST", body });
    if (!result.ok) { list.replaceChildren(el("li", {}, (result.data.error || {}).message || S.network_error)); return; }
    const options = result.data.options;
    list.replaceChildren(...(options.length ? options.map((o) => el("li", {}, el("span", {}, o.summary),
      el("button", { type: "button", class: "secondary", onclick: () => {
        draft.value = draft.value ? `${draft.value}\n${o.summary}` : o.summary;
        draft.focus();
      } }, S.insert))) : [el("li", { class: "muted" }, S.no_options)]));
  });

  document.getElementById("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = document.getElementById("search-q").value.trim();
    const list = document.getElementById("search-results");
    if (!q) return;
    const result = await call(`${panel.dataset.search}?q=${encodeURIComponent(q)}`);
    if (!result.ok) { list.replaceChildren(el("li", {}, (result.data.error || {}).message || S.network_error)); return; }
    const rows = result.data.results;
    list.replaceChildren(...(rows.length ? rows.map((r) => el("li", {},
      el("a", { href: knowledgeUrl(r.doc_id) }, r.title || r.doc_id),
      r.citation ? el("span", { class: "muted small" }, r.citation) : null,
      el("span", { class: "small" }, r.text.length > 160 ? `${r.text.slice(0, 160)}…` : r.text))) : [el("li", { class: "muted" }, S.no_results)]));
  });
})();
