// primed.js draws every chart on a page. Each chart's ECharts option sits
// in a <script type="application/json"> data block named by its container's
// data-chart attribute, so pages carry no inline script and run under
// Content-Security-Policy: default-src 'self'. The same figures are in a
// table beside each chart, so nothing is lost where script does not run.
(function () {
  'use strict';

  var drawn = [];

  function draw() {
    if (!window.echarts) {
      return;
    }
    var containers = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < containers.length; i++) {
      var el = containers[i];
      var block = document.getElementById(el.getAttribute('data-chart'));
      if (!block) {
        continue;
      }
      var chart = window.echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(expand(JSON.parse(block.textContent)));
      el.setAttribute('data-drawn', 'true');
      drawn.push(chart);
    }
  }

  var monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  // expand writes out what the option gives in short, as ECharts reads
  // it: an axis of n months from YYYY-MM, {"months": ["2025-11", 60]},
  // as labels "Nov 2025", "Dec 2025", ...; and a series given as runs of
  // one value, {"runs": [[value, count], ...]}, as its array. Every line
  // series draws a marker at every point: ECharts thins them on a long
  // axis, which hides a point that has no neighbour to join. It also adds
  // what every chart shares, which the options leave out: no animation,
  // the legend at the top, the grid, the tooltip in rich-text mode, since
  // the HTML mode writes inline styles the Content-Security-Policy blocks,
  // and axis labels in the text colour, which ECharts' grey is fainter than.
  function expand(option) {
    option.animation = false;
    option.legend = {show: true, left: 'center', top: '0'};
    option.grid = [{left: '12', top: '40', right: '16', bottom: '8', containLabel: true}];
    option.tooltip = {show: true, trigger: 'axis', renderMode: 'richText'};
    var every = (option.xAxis || []).concat(option.yAxis || []);
    for (var e = 0; e < every.length; e++) {
      every[e].axisLabel = every[e].axisLabel || {};
      every[e].axisLabel.color = '#0b0c0c';
    }
    var axes = option.xAxis || [];
    for (var a = 0; a < axes.length; a++) {
      var span = axes[a].data && axes[a].data.months;
      if (!span) {
        continue;
      }
      var year = parseInt(span[0].slice(0, 4), 10);
      var month = parseInt(span[0].slice(5, 7), 10) - 1;
      var labels = [];
      for (var m = 0; m < span[1]; m++) {
        labels.push(monthNames[(month + m) % 12] + ' ' + (year + Math.floor((month + m) / 12)));
      }
      axes[a].data = labels;
    }
    var series = option.series || [];
    for (var i = 0; i < series.length; i++) {
      if (series[i].type === 'line') {
        series[i].showAllSymbol = true;
      }
      var runs = series[i].data && series[i].data.runs;
      if (!runs) {
        continue;
      }
      var data = [];
      for (var j = 0; j < runs.length; j++) {
        for (var k = 0; k < runs[j][1]; k++) {
          data.push(runs[j][0]);
        }
      }
      series[i].data = data;
    }
    return option;
  }

  function resize() {
    for (var i = 0; i < drawn.length; i++) {
      drawn[i].resize();
    }
  }

  window.addEventListener('resize', resize);
  // Redraw at the paper's width so that printed charts fit the page.
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();

// The actions table: filter by unit, owner and status, and sort by any
// column. Without script the table is complete, in its overdue-first order.
(function () {
  'use strict';

  var form = document.getElementById('actions-filter');
  var table = document.getElementById('actions-table');
  if (!table) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);

  if (form) {
    var selects = form.querySelectorAll('select[data-filter]');
    var count = document.getElementById('filter-count');
    var apply = function () {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = true;
        for (var i = 0; i < selects.length; i++) {
          var want = selects[i].value;
          if (want && row.getAttribute('data-' + selects[i].getAttribute('data-filter')) !== want) {
            keep = false;
          }
        }
        row.hidden = !keep;
        if (keep) {
          shown++;
        }
      });
      count.textContent = 'Showing ' + shown + ' of ' + rows.length + ' actions.';
    };
    for (var i = 0; i < selects.length; i++) {
      selects[i].addEventListener('change', apply);
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // Column heads become buttons that sort; aria-sort says the order.
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var key = function (row) {
        if (th.getAttribute('data-sort') === 'date') {
          return row.getAttribute('data-due') || '9999';
        }
        return row.cells[col].textContent.trim().toLowerCase();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
