// Draws the dashboard's charts with ECharts (copied beside this file, so nothing is fetched) from
// the JSON the page carries. The numbers themselves are in the page's cards and tables; the
// charts add the shape. Tooltips show the values as the Slack message writes them.
(function () {
  var source = document.getElementById('dashboard-data');
  if (!source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var font = 'system-ui, "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", sans-serif';
  var compact = new Intl.NumberFormat('ja-JP', { notation: 'compact', maximumFractionDigits: 1 });

  // ECharts writes tooltips as HTML: every text in them is escaped first.
  function escapeHtml(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function seriesOf(list, metric) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].metric === metric) return list[i];
    }
    return null;
  }

  function trend(series) {
    return {
      animation: false,
      textStyle: { fontFamily: font },
      title: { text: series.label, left: 8, top: 6, textStyle: { fontSize: 13, fontFamily: font } },
      grid: { left: 56, right: 16, top: 40, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        formatter: function (points) {
          var i = points[0].dataIndex;
          return escapeHtml(data.dates[i]) + '<br>' + escapeHtml(series.label) + ': ' + escapeHtml(series.text[i]);
        }
      },
      xAxis: { type: 'category', data: data.dates.map(function (d) { return d.slice(5); }), boundaryGap: false },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: function (v) { return compact.format(v); } } },
      series: [{ type: 'line', data: series.values, showSymbol: false, connectNulls: false, lineStyle: { width: 2 } }]
    };
  }

  function breakdown(b) {
    var rank = b.columns[0];
    return {
      animation: false,
      textStyle: { fontFamily: font },
      grid: { left: 120, right: 40, top: 16, bottom: 24 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: function (points) {
          var i = points[0].dataIndex;
          return '<b>' + escapeHtml(b.labels[i]) + '</b><br>' + b.columns.map(function (c) { return escapeHtml(c.label) + ': ' + escapeHtml(c.text[i]); }).join('<br>');
        }
      },
      xAxis: { type: 'value', axisLabel: { formatter: function (v) { return compact.format(v); } } },
      yAxis: { type: 'category', inverse: true, data: b.labels },
      series: [{ type: 'bar', name: rank.label, data: rank.values, label: { show: true, position: 'right', formatter: function (p) { return rank.text[p.dataIndex]; } } }]
    };
  }

  var charts = [];
  document.querySelectorAll('[data-chart]').forEach(function (element) {
    var kind = element.getAttribute('data-chart');
    var option = null;
    if (kind === 'trend') {
      var series = seriesOf(data.series, element.getAttribute('data-metric'));
      option = series && trend(series);
    } else if (kind === 'breakdown' && data.breakdown) {
      option = breakdown(data.breakdown);
    }
    if (option) {
      var chart = echarts.init(element, null, { renderer: 'svg' });
      chart.setOption(option);
      element.setAttribute('data-drawn', 'true');
      charts.push(chart);
    }
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
