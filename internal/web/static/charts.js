// dangvien: the overview's charts, drawn with Apache ECharts from the data
// the page carries in <script type="application/json" id="bieu-do">. The
// tables beside them hold the same figures, so the page reads without it.
(function () {
  "use strict";
  function draw() {
    var src = document.getElementById("bieu-do");
    if (!src || !window.echarts) return;
    var d = JSON.parse(src.textContent);
    var names = d.names.map(function (n) { return n.length > 28 ? n.slice(0, 27) + "…" : n; });
    var height = Math.max(180, 28 * names.length + 60);
    function bars(id, title, values, max, unit) {
      var el = document.getElementById(id);
      if (!el) return;
      el.style.height = height + "px";
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        title: { text: title, textStyle: { fontSize: 14, fontWeight: "normal" } },
        grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: max, axisLabel: { show: false } },
        yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: el.clientWidth < 480 ? 110 : 170, overflow: "truncate" } },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + unit; } },
        series: [{ type: "bar", data: values, label: { show: true, position: "right", formatter: "{c}" + unit }, itemStyle: { color: "#a11d21" } }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    bars("bieu-do-co-mat", "Tỉ lệ lượt có mặt (%)", d.attendance, 100, "%");
    bars("bieu-do-dang-phi", "Tỉ lệ đảng phí đã thu (%)", d.fees, 100, "%");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
