// Shared helpers: JSON calls carrying the CSRF token, and small DOM builders (text only, never HTML).
"use strict";
window.M = (function () {
  const token = document.querySelector('meta[name="csrf-token"]').content;

  async function call(url, { method = "GET", body } = {}) {
    const headers = { Accept: "application/json", "X-CSRFToken": token };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(url, { method, headers, credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      return { ok: false, status: 0, data: { error: { code: "network", message: String(err) } } };
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = {}; }
    return { ok: response.ok, status: response.status, data };
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function strings() {
    const node = document.getElementById("strings");
    return node ? JSON.parse(node.textContent) : {};
  }

  function sources(citations, label, knowledgeUrl) {
    if (!citations || !citations.length) return null;
    return el("details", { class: "sources" },
      el("summary", {}, `${label} (${citations.length})`),
      el("ul", {}, citations.map((c) => el("li", {},
        el("a", { href: knowledgeUrl(c.doc_id) }, c.title || c.doc_id), " ",
        c.citation ? el("span", { class: "muted" }, c.citation) : null))));
  }

  // The clause page's URL comes from the server (url_for), so a prefix or a moved route still works.
  const knowledgeTemplate = document.querySelector('meta[name="knowledge-url"]').content;
  const knowledgeUrl = (docId) => knowledgeTemplate.replace("DOC", encodeURIComponent(docId));
  return { call, el, strings, sources, knowledgeUrl };
})();
