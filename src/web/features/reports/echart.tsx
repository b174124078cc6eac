/**
 * A small React wrapper around echarts.init, importing only the chart types and components the
 * dashboard draws (bar, line, pie; title, tooltip, legend, grid, toolbox) and the canvas renderer,
 * so the page's chunk stays small. Every chart gets the toolbox's 保存为图片 (PNG).
 */

import type { EChartsOption } from 'echarts';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, ToolboxComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  CanvasRenderer,
]);

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
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
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
    chart.current?.setOption(
      {
        ...option,
        toolbox: {
          right: 8,
          feature: { saveAsImage: { title: '下载图片', name: fileName, pixelRatio: 2, backgroundColor: '#fff' } },
        },
      },
      { notMerge: true },
    );
  }, [option, fileName]);

  return <div ref={element} className="report-chart" style={{ width: '100%', height }} />;
}
