// dangvien: the little the screens do in the browser, beside htmx. Every
// page works without it; this adds upload progress, shows only the fields of
// the choice made in a form, and closes the search suggestions.
(function () {
  "use strict";

  // Upload progress on forms marked data-progress: a bar while the file
  // goes up, then a note while the server checks and writes the rows.
  document.addEventListener("htmx:xhr:progress", function (e) {
    var form = e.target.closest && e.target.closest("form[data-progress]");
    if (!form) return;
    var box = form.querySelector(".progress");
    var bar = box.querySelector("progress");
    var text = box.querySelector(".progress-text");
    box.hidden = false;
    if (!e.detail.lengthComputable || !e.detail.total) return;
    var pct = Math.floor((e.detail.loaded * 100) / e.detail.total);
    if (pct < 100) {
      bar.value = pct;
      text.textContent = "Đang tải tệp lên: " + pct + "%";
    } else {
      bar.removeAttribute("value"); // indeterminate while the server works
      text.textContent = "Đã tải lên. Đang kiểm tra và ghi từng dòng, xin chờ…";
    }
  });

  // Fields that belong to one choice of a form (the kind of an event, the
  // first event of a new record): an element marked data-kinds="a b" shows
  // only while the form's select marked data-kind-select holds a or b, and
  // its inputs are not sent. Without this script every field shows, each
  // with its label saying when it is needed.
  function applyKinds(sel) {
    var form = sel.form;
    if (!form) return;
    var els = form.querySelectorAll("[data-kinds]");
    for (var i = 0; i < els.length; i++) {
      var on = els[i].getAttribute("data-kinds").split(" ").indexOf(sel.value) >= 0;
      els[i].hidden = !on;
      var inputs = els[i].querySelectorAll("input, select, textarea");
      for (var j = 0; j < inputs.length; j++) inputs[j].disabled = !on;
    }
  }
  function applyAllKinds() {
    var sels = document.querySelectorAll("select[data-kind-select]");
    for (var i = 0; i < sels.length; i++) applyKinds(sels[i]);
  }
  applyAllKinds();
  document.addEventListener("htmx:afterSwap", applyAllKinds);
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-kind-select]")) applyKinds(e.target);
  });

  // A filtered list comes first and its filter form folds away (the page
  // is served so); on a wide screen there is room for both, so it unfolds.
  if (window.matchMedia && window.matchMedia("(min-width: 721px)").matches) {
    var boxes = document.querySelectorAll("details.filters-box");
    for (var i = 0; i < boxes.length; i++) boxes[i].open = true;
  }

  // A print button (the A4 member sheet) opens the browser's print; it is
  // hidden until this script can make it work.
  var prints = document.querySelectorAll("[data-print]");
  for (var p = 0; p < prints.length; p++) {
    prints[p].hidden = false;
    prints[p].addEventListener("click", function () { window.print(); });
  }

  // Search suggestions close on Escape and when the focus leaves the box.
  function closeSuggest() {
    var s = document.getElementById("goi-y");
    if (s) s.innerHTML = "";
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") closeSuggest();
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest(".search")) closeSuggest();
  });
})();
