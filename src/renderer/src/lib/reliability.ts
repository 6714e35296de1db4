// The reliability diagram's series: accuracy per confidence bin as bars, each bin's mean confidence
// as points, and the diagonal of perfect calibration. Every series is drawn in the colour its legend
// entry shows (solid, no transparency that would blend overlapping series into other colours).
import type { ChartDataset } from 'chart.js';
import type { UncertaintyReport } from '../../../shared/api/uncertainty';
import { PALETTE } from './charts';

type Bins = UncertaintyReport['calibration']['bins'];
type Point = { x: number; y: number };

export const RELIABILITY_COLOURS = { accuracy: PALETTE[0]!, confidence: PALETTE[1]!, diagonal: '#868e96' };

/** The diagram's datasets for the non-empty bins. */
export function reliabilityDatasets(bins: Bins): ChartDataset<'bar' | 'line', Point[]>[] {
  const used = bins.filter((bin) => bin.count > 0);
  const centre = (bin: Bins[number]) => (bin.lower + bin.upper) / 2;
  return [
    {
      type: 'line',
      label: 'perfect calibration',
      data: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
      borderColor: RELIABILITY_COLOURS.diagonal,
      backgroundColor: RELIABILITY_COLOURS.diagonal,
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
    },
    {
      type: 'line',
      label: 'mean confidence',
      data: used.map((bin) => ({ x: centre(bin), y: bin.confidence ?? 0 })),
      borderColor: RELIABILITY_COLOURS.confidence,
      backgroundColor: RELIABILITY_COLOURS.confidence,
      showLine: false,
      pointRadius: 4,
    },
    {
      type: 'bar',
      label: 'accuracy',
      data: used.map((bin) => ({ x: centre(bin), y: bin.accuracy ?? 0 })),
      backgroundColor: RELIABILITY_COLOURS.accuracy,
      borderColor: RELIABILITY_COLOURS.accuracy,
      borderWidth: 1,
      barPercentage: 0.9,
      categoryPercentage: 1,
    },
  ];
}
