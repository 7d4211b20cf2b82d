"use strict";
// On a thread page opened with ?highlight= but no #a-… fragment, scroll to the first highlighted annotation.
(() => {
  const first = document.querySelector("mark.hl[id]");
  if (first && !location.hash) first.scrollIntoView({ block: "center" });
})();
