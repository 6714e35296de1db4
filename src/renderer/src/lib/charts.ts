// Chart.js with only the pieces the views use registered (smaller bundle, no eval), plus theme colours.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartType,
  type Plugin,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

/** Series colours that stay readable on both the light and the dark background. */
export const PALETTE = [
  '#2a7fd7',
  '#e8590c',
  '#2f9e44',
  '#ae3ec9',
  '#d6336c',
  '#0c8599',
  '#f59f00',
  '#5c7cfa',
];

/** A palette colour with an alpha, for overlaid histogram bars. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A bar dataset on a linear x scale drawn over the others (not side by side), semi-transparent. */
export function overlaidBars(label: string, data: { x: number; y: number }[], colour: string, alpha: number) {
  return {
    label,
    data,
    backgroundColor: withAlpha(colour, alpha),
    borderColor: colour,
    borderWidth: 1,
    grouped: false,
    barPercentage: 1,
    categoryPercentage: 1,
  };
}

/** Text and grid colours from the CSS theme variables, read when a chart is made. */
export function themeColours(): { text: string; grid: string } {
  const style = getComputedStyle(document.documentElement);
  return {
    text: style.getPropertyValue('--muted').trim() || '#4a4f57',
    grid: style.getPropertyValue('--border').trim() || '#c9ced6',
  };
}

/** Sets Chart.js defaults from the theme once; charts made later pick them up. */
export function applyThemeDefaults(): void {
  const { text, grid } = themeColours();
  Chart.defaults.color = text;
  Chart.defaults.borderColor = grid;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}

/** Options of the marker plugin: where to draw the vertical line on the x scale, and in which colour. */
export interface MarkerOptions {
  value: number | null;
  colour: string;
}

/** A plugin that draws a vertical dashed line at `options.plugins.marker.value` (the threshold). */
export const markerPlugin: Plugin<'bar' | 'line', MarkerOptions> = {
  id: 'marker',
  afterDatasetsDraw(chart, _args, options) {
    const x = chart.scales.x;
    if (options.value === null || !Number.isFinite(options.value) || !x) return;
    const px = x.getPixelForValue(options.value);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = options.colour;
    ctx.lineWidth = 2;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, bottom);
    ctx.stroke();
    ctx.restore();
  },
};

export { Chart };

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    marker?: Partial<MarkerOptions>;
  }
}
