// dangvien: the overview's charts, drawn with Apache ECharts from the data
// the page carries in <script type="application/json" id="bieu-do">. The
// tables beside them hold the same figures, so the page reads without it.
(function () {
  "use strict";
  function draw() {
    var src = document.getElementById("bieu-do");
    if (!src || !window.echarts) return;
    var d = JSON.parse(src.textContent);
    // "Đảng bộ xã Bao La" reads as "xã Bao La" on a bar: the kind is the
    // same for every row.
    var names = d.names.map(function (n) {
      n = n.replace(/^(Đảng bộ|Chi bộ) /, "");
      return n.length > 30 ? n.slice(0, 29) + "…" : n;
    });
    var height = Math.max(120, 26 * names.length + 24);
    function bars(id, values, max, unit) {
      var el = document.getElementById(id);
      if (!el) return;
      el.style.height = height + "px";
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: max, axisLabel: { show: false } },
        yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: el.clientWidth < 480 ? 120 : 190, overflow: "truncate" } },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + unit; } },
        series: [{ type: "bar", data: values, label: { show: true, position: "right", formatter: "{c}" + unit }, itemStyle: { color: "#a11d21" } }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    bars("bieu-do-co-mat", d.attendance, 100, "%");
    bars("bieu-do-dang-phi", d.fees, 100, "%");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
