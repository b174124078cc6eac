/**
 * Charts as PNG images, server-side: the shared ECharts option builders rendered by ECharts' SSR to
 * SVG, then rasterised by resvg with the system's Noto CJK font so Chinese labels are real glyphs.
 */
import fs from 'node:fs';
import { renderAsync } from '@resvg/resvg-js';
import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts';

/**
 * The Chinese fonts charts are drawn with, best first. resvg reads the font file again for every text
 * label, so the file's size is the chart's cost: WenQuanYi Micro Hei (Debian fonts-wqy-microhei, 5 MB)
 * draws a chart of 60 labels in 0.1 s where Noto Sans CJK (fonts-noto-cjk, a 20 MB collection) takes 1 s.
 */
const cjkFonts = [
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
] as const;

export interface ChartImage {
  png: Buffer;
  /** The size the image is laid out at, in pixels at 96 dpi (the PNG itself is `scale` times larger). */
  width: number;
  height: number;
}

let chosenFont: { file: string; family: string } | null | undefined;

/** The first Chinese font installed, or null (then labels fall back to whatever the system has). */
function cjkFont() {
  chosenFont ??= cjkFonts.find((f) => fs.existsSync(f.file)) ?? null;
  return chosenFont;
}

function fontOptions() {
  const font = cjkFont();
  const family = font?.family ?? 'sans-serif';
  return {
    fontFiles: font ? [font.file] : [],
    loadSystemFonts: !font,
    defaultFontFamily: family,
    sansSerifFamily: family,
    serifFamily: family,
  };
}

/**
 * Renders one ECharts option to a PNG (white background, twice the layout size for print). The SVG is
 * rasterised in resvg's thread pool: shaping every label reads the CJK font, which would otherwise
 * hold the event loop for a few hundred milliseconds a chart.
 */
export async function renderChartPng(
  option: EChartsOption,
  size: { width: number; height: number },
  scale = 2,
): Promise<ChartImage> {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  let svg: string;
  try {
    chart.setOption({
      ...option,
      animation: false,
      textStyle: { fontFamily: cjkFont()?.family ?? 'sans-serif', ...((option.textStyle as object | undefined) ?? {}) },
    });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const rendered = await renderAsync(svg, {
    background: 'white',
    font: fontOptions(),
    fitTo: { mode: 'zoom', value: scale },
  });
  const png = rendered.asPng();
  return { png, width: size.width, height: size.height };
}
