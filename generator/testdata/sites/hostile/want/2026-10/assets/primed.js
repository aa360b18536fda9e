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
      chart.setOption(JSON.parse(block.textContent));
      el.setAttribute('data-drawn', 'true');
      drawn.push(chart);
    }
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
