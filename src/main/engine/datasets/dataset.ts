// What the engine reads of a dataset, whichever its origin: its manifest and, per split, the
// examples as bytes. Training, evaluation, the data browser and calibration go through this, so a
// model of any dataset is handled like one of MNIST.
import type { DataShape } from '../../../shared/data-shape';
import type { DatasetManifest } from '../../../shared/datasets';
import type { Split } from '../../../shared/api/dataset';

/** One split: `pixels` is count × height × width × channels bytes (row-major, channels last). */
export interface DatasetSplit {
  readonly count: number;
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

export interface Dataset {
  readonly manifest: DatasetManifest;
  /** The split's examples (read once and cached by the implementation). */
  split(split: Split): DatasetSplit;
}

/** The DataShape of a dataset (the models' input and output sizes). */
export function datasetShape(manifest: DatasetManifest): DataShape {
  return manifest.shape;
}
