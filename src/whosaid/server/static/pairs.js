// The article page: hovering a part of a statement (speaker, cue, content, relay) outlines its
// other parts and its row in the table, so that what goes together is seen together.
for (const mark of document.querySelectorAll("#article mark[data-part]")) {
  const part = mark.dataset.part;
  const together = () => document.querySelectorAll(`#article mark[data-part="${part}"], #statement-${part}`);
  mark.addEventListener("mouseenter", () => together().forEach((element) => element.classList.add("paired")));
  mark.addEventListener("mouseleave", () => together().forEach((element) => element.classList.remove("paired")));
}
