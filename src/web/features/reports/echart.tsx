/**
 * A small React wrapper around echarts.init, importing only the chart types and components the
 * dashboard draws (bar, line, pie; tooltip, legend, grid, toolbox) and the canvas and SVG renderers,
 * so the page's chunk stays small. Every chart gets the toolbox's 保存为图片 (PNG). The card around a
 * chart carries its title, so the chart draws none.
 */

import type { EChartsOption } from 'echarts';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, ToolboxComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  TooltipComponent,
  CanvasRenderer,
  SVGRenderer,
]);

/**
 * Canvas, unless this browser asks for SVG (`localStorage['taxline.chartRenderer'] = 'svg'`): the page
 * check draws SVG so that the charts' labels are text in the DOM whose overlaps it can find.
 */
function chartRenderer(): 'canvas' | 'svg' {
  try {
    return localStorage.getItem('taxline.chartRenderer') === 'svg' ? 'svg' : 'canvas';
  } catch {
    return 'canvas';
  }
}

interface EChartProps {
  option: EChartsOption;
  /** The PNG's file name (without .png). */
  fileName: string;
  height?: number;
}

export function EChart({ option, fileName, height = 320 }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: chartRenderer() });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // The card shows the title; an option built for the bulletin's images carries one too.
    const { title: _title, ...untitled } = option;
    chart.current?.setOption(
      {
        ...untitled,
        toolbox: {
          top: 0,
          right: 8,
          feature: { saveAsImage: { title: '下载图片', name: fileName, pixelRatio: 2, backgroundColor: '#fff' } },
        },
      },
      { notMerge: true },
    );
  }, [option, fileName]);

  return <div ref={element} className="report-chart" style={{ width: '100%', height }} />;
}
