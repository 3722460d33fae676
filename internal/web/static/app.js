// dangvien: the little the screens do in the browser, beside htmx. Every
// page works without it; this adds upload progress and closes the search
// suggestions.
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
