// charts.js draws a chart above every table marked
//   <table class="chart-data" data-chart="line|bar|stack|radar">
// from the table's own cells, so the chart and the table can never show
// different figures, and without JavaScript the page is the table.
//   - the first cell of each body row names the row (a month, a rep, a habit);
//   - the columns whose header has data-series are drawn, named by the
//     header's text; data-scale="100" on a header multiplies its values
//     (a ratio drawn in percent);
//   - each drawn cell's data-v holds the raw number (yuan as a decimal,
//     ratios as numbers); an empty or missing data-v is a gap;
//   - on the table, data-unit (yuan, pct, days) formats the value axis and
//     data-max sets the top of the scale (a radar's is 100 by default).
// Line, bar and stack charts put the rows along the x axis; a radar has the
// drawn columns as its axes and one shape per row.
(function () {
  "use strict";

  function readTable(table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var cols = [];
    heads.forEach(function (th, i) {
      if (th.hasAttribute("data-series")) {
        cols.push({ index: i, name: th.textContent.trim(), scale: parseFloat(th.getAttribute("data-scale")) || 1 });
      }
    });
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).map(function (tr) {
      var cells = tr.children;
      return {
        name: cells[0] ? cells[0].textContent.trim() : "",
        values: cols.map(function (c) {
          var cell = cells[c.index];
          var v = cell ? cell.getAttribute("data-v") : null;
          if (v === null || v === "") {
            return null;
          }
          return parseFloat(v) * c.scale;
        })
      };
    });
    return { cols: cols, rows: rows };
  }

  function formatter(unit) {
    return function (v) {
      if (unit === "yuan" && Math.abs(v) >= 10000) {
        return (v / 10000).toFixed(Math.abs(v) >= 1000000 ? 0 : 1) + "万";
      }
      if (unit === "pct") {
        return v + "%";
      }
      return String(v);
    };
  }

  // tipFormatter writes a value in a tooltip in full: yuan with
  // separators and two decimals, percentages and days with one.
  function tipFormatter(unit) {
    return function (v) {
      if (v === null || v === undefined || v === "-") {
        return "—";
      }
      if (unit === "yuan") {
        return "¥" + v.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      }
      if (unit === "pct") {
        return v.toFixed(1) + "%";
      }
      if (unit === "days") {
        return v.toFixed(1);
      }
      return String(v);
    };
  }

  function cartesian(kind, data, unit, max) {
    var narrow = window.innerWidth < 600;
    var rotate = narrow && data.rows.length > 3 ? 40 : 0;
    return {
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: tipFormatter(unit) },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: data.rows.map(function (r) { return r.name; }),
        axisLabel: { rotate: rotate, interval: data.rows.length <= 12 ? 0 : "auto", hideOverlap: true }
      },
      yAxis: { type: "value", max: max, axisLabel: { formatter: formatter(unit) } },
      series: data.cols.map(function (c, i) {
        return {
          name: c.name,
          type: kind === "line" ? "line" : "bar",
          stack: kind === "stack" ? "all" : undefined,
          connectNulls: false,
          data: data.rows.map(function (r) { return r.values[i]; })
        };
      })
    };
  }

  // dropEmpty drops the columns no row has a value for (a habit without
  // data anywhere), so a radar has no axis that means nothing.
  function dropEmpty(data) {
    var keep = data.cols.map(function (c, i) {
      return data.rows.some(function (r) { return r.values[i] !== null; });
    });
    return {
      cols: data.cols.filter(function (c, i) { return keep[i]; }),
      rows: data.rows.map(function (r) {
        return { name: r.name, values: r.values.filter(function (v, i) { return keep[i]; }) };
      })
    };
  }

  // radar draws one shape per row; a single missing value is drawn at the
  // centre, and the table below says "no data".
  function radar(data, max) {
    return {
      animation: false,
      tooltip: {},
      legend: { top: 0, type: "scroll" },
      radar: {
        center: ["50%", "56%"],
        radius: "62%",
        indicator: data.cols.map(function (c) { return { name: c.name, max: max, min: 0 }; })
      },
      series: [{
        type: "radar",
        data: data.rows.map(function (r) {
          return { name: r.name, value: r.values.map(function (v) { return v === null ? 0 : v; }) };
        })
      }]
    };
  }

  function draw(table) {
    var kind = table.getAttribute("data-chart");
    var data = readTable(table);
    if (kind === "radar") {
      data = dropEmpty(data);
    }
    if (!data.cols.length || !data.rows.length) {
      return null;
    }
    var box = document.createElement("div");
    box.className = "chart-box chart-" + kind;
    box.setAttribute("aria-hidden", "true"); // the table below says the same to a screen reader
    var anchor = table.closest(".scroll") || table;
    anchor.parentNode.insertBefore(box, anchor);
    var chart = echarts.init(box, null, { renderer: "svg" });
    var option = kind === "radar"
      ? radar(data, parseFloat(table.getAttribute("data-max")) || 100)
      : cartesian(kind, data, table.getAttribute("data-unit"), parseFloat(table.getAttribute("data-max")) || undefined);
    chart.setOption(option);
    return chart;
  }

  function start() {
    if (typeof echarts === "undefined") {
      return; // the tables stand on their own
    }
    var charts = Array.prototype.slice.call(document.querySelectorAll("table.chart-data")).map(draw).filter(Boolean);
    var pending = 0;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (c) { c.resize(); });
      }, 100);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
