// drafter serve: the few things a form cannot do by itself. Everything works without this file,
// except dragging (the ↑ ↓ buttons do the same) and the preview zoom.
(function () {
  "use strict";

  // a form that deletes asks first
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // the preview: a click on a paragraph opens it for editing
  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest(".row[data-href]");
    if (row && !window.getSelection().toString()) window.location.href = row.getAttribute("data-href");
  });

  // zoom, remembered
  function setZoom(preview, value) {
    var sheets = preview.querySelector(".sheets");
    var zoom = value;
    if (value === "fit" && sheets) {
      var sheet = sheets.querySelector(".sheet");
      var natural = sheet ? sheet.getBoundingClientRect().width / (parseFloat(getComputedStyle(preview).getPropertyValue("--zoom")) || 1) : 800;
      zoom = Math.max(0.3, Math.min(2, (preview.clientWidth - 24) / natural));
    }
    preview.style.setProperty("--zoom", String(zoom));
    try { localStorage.setItem("drafter-zoom", String(value)); } catch (e) { /* private mode */ }
  }
  document.querySelectorAll(".preview").forEach(function (preview) {
    var saved = null;
    try { saved = localStorage.getItem("drafter-zoom"); } catch (e) { /* private mode */ }
    setZoom(preview, saved || "fit");
    preview.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (button) setZoom(preview, button.getAttribute("data-zoom"));
    });
    var current = preview.querySelector(".row.current");
    if (current) current.scrollIntoView({ block: "center" });
  });

  // dragging entries (and sections) to another place of the same kind
  var form = document.getElementById("move-form");
  if (!form) return;
  var dragged = null;
  function target(event) {
    var el = event.target.closest("[draggable=true][data-path]");
    if (!el || !dragged || el === dragged || el.contains(dragged) || dragged.contains(el)) return null;
    return el.getAttribute("data-slot") === dragged.getAttribute("data-slot") ? el : null;
  }
  function clear() {
    document.querySelectorAll(".drop-before, .drop-after").forEach(function (el) {
      el.classList.remove("drop-before", "drop-after");
    });
  }
  document.addEventListener("dragstart", function (event) {
    var el = event.target.closest && event.target.closest("[draggable=true][data-path]");
    if (!el) return;
    dragged = el;
    el.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", el.getAttribute("data-path"));
    event.stopPropagation();
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clear();
  });
  document.addEventListener("dragover", function (event) {
    var el = target(event);
    if (!el) return;
    event.preventDefault();
    clear();
    var box = el.getBoundingClientRect();
    el.classList.add(event.clientY < box.top + box.height / 2 ? "drop-before" : "drop-after");
  });
  document.addEventListener("drop", function (event) {
    var el = target(event);
    if (!el) return;
    event.preventDefault();
    var box = el.getBoundingClientRect();
    var index = parseInt(el.getAttribute("data-index"), 10) + (event.clientY < box.top + box.height / 2 ? 0 : 1);
    form.elements.p.value = dragged.getAttribute("data-path");
    form.elements.to_list.value = el.getAttribute("data-list");
    form.elements.to_at.value = String(index);
    form.submit();
  });
})();
