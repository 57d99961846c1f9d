// Borrower chat: send messages, show a typing state, offer plans as buttons, follow a human takeover.
"use strict";
(function () {
  const { call, el, strings, sources, knowledgeUrl } = window.M;
  const S = strings();
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const log = document.getElementById("log");
  const typing = document.getElementById("typing");
  const plans = document.getElementById("plans");
  const planList = document.getElementById("plan-list");
  const banner = document.getElementById("escalated");
  const errorBox = document.getElementById("chat-error");
  const sendButton = form.querySelector("button[type=submit]");
  let lastSeq = Math.max(0, ...Array.from(log.querySelectorAll("[data-seq]"), (n) => Number(n.dataset.seq)));
  let polling = null;

  const who = { borrower: S.you, assistant: S.assistant, agent: S.agent_person };

  function add(kind, text, citations, seq) {
    const item = el("li", { class: `msg ${kind}`, "data-seq": seq },
      el("span", { class: "who" }, who[kind] || ""), el("p", {}, text), sources(citations, S.sources, knowledgeUrl));
    log.append(item);
    item.scrollIntoView({ block: "nearest" });
    if (seq) lastSeq = Math.max(lastSeq, Number(seq));
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function showPlans(options) {
    planList.replaceChildren(...options.map((o) =>
      el("li", {}, el("button", { type: "button", class: "plan", "data-option": o.id }, o.summary))));
    plans.hidden = options.length === 0;
  }

  function escalated(yes) {
    if (!yes) return;
    banner.hidden = false;
    if (!polling) polling = setInterval(poll, 5000);
  }

  async function poll() {
    const result = await call(`${form.dataset.poll}?after=${lastSeq}`);
    if (!result.ok) return;
    for (const m of result.data.messages) {
      if (m.who === "agent") add("agent", m.text, [], m.seq);
      else lastSeq = Math.max(lastSeq, m.seq);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    showError("");
    add("borrower", text, [], null);
    input.value = "";
    sendButton.disabled = true;
    typing.hidden = false;
    const result = await call(form.action, { method: "POST", body: { text } });
    typing.hidden = true;
    sendButton.disabled = false;
    input.focus();
    if (!result.ok) {
      showError(result.status === 0 ? S.network_error : (result.data.error || {}).message || S.network_error);
      return;
    }
    const data = result.data;
    add("assistant", data.reply.text, data.reply.citations, data.seq);
    if (data.plan_options && data.plan_options.length) showPlans(data.plan_options);
    escalated(data.escalate);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  planList.addEventListener("click", async (event) => {
    const button = event.target.closest("button.plan");
    if (!button) return;
    planList.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    const result = await call(form.dataset.plan, { method: "POST", body: { option_id: button.dataset.option } });
    if (!result.ok) {
      planList.querySelectorAll("button").forEach((b) => { b.disabled = false; });
      showError((result.data.error || {}).message || S.network_error);
      return;
    }
    button.classList.add("chosen");
    button.setAttribute("aria-pressed", "true");
    button.prepend(`✔ ${S.plan_accepted}: `);
    add("assistant", result.data.reply.text, [], result.data.seq);
  });

  escalated(!banner.hidden);
})();
