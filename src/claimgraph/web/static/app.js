// claimgraph explorer: progressive enhancement only; every page works without this file.
"use strict";

// Article view: hovering a marked span lights up its claims in the side panel, and back.
function linkClaims() {
  const marks = document.querySelectorAll("mark.claim");
  const items = (mark) => (mark.dataset.claims || "").trim().split(/\s+/)
    .map((n) => document.getElementById("item-" + n)).filter(Boolean);
  marks.forEach((mark) => {
    mark.addEventListener("mouseenter", () => items(mark).forEach((li) => li.classList.add("active")));
    mark.addEventListener("mouseleave", () => items(mark).forEach((li) => li.classList.remove("active")));
    mark.addEventListener("click", () => {
      const first = items(mark)[0];
      if (first) first.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
  });
  document.querySelectorAll(".claim-list li[data-claim]").forEach((li) => {
    const spans = () => Array.from(marks).filter((m) => (m.dataset.claims || "").trim().split(/\s+/).includes(li.dataset.claim));
    li.addEventListener("mouseenter", () => spans().forEach((m) => m.classList.add("active")));
    li.addEventListener("mouseleave", () => spans().forEach((m) => m.classList.remove("active")));
  });
}

// Measure page: the chart's SVG inlined, so its points' tooltips and links work in the page.
async function loadCharts() {
  for (const figure of document.querySelectorAll("figure.chart[data-chart]")) {
    const status = figure.querySelector(".chart-status");
    try {
      const response = await fetch(figure.dataset.chart);
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        if (status) status.textContent = body && body.error ? body.error.message : "no chart";
        continue;
      }
      const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml").documentElement;
      if (svg.nodeName !== "svg") continue;
      svg.querySelectorAll("script, foreignObject").forEach((node) => node.remove());
      figure.replaceChildren(document.importNode(svg, true));
    } catch (error) {
      if (status) status.textContent = "the chart could not be loaded: " + error;
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  linkClaims();
  loadCharts();
});
