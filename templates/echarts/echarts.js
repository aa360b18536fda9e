// echarts.js: the parts of ECharts that primed's charts use, and nothing
// else, bundled by `make echarts` into templates/assets/echarts.min.js.
// primed draws line and bar charts on a category axis, with a legend and
// a rich-text tooltip, on canvas. A chart that needs more must add it here.
import { use, init } from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

window.echarts = { init: init };
