// The out-of-distribution reference sets of a model's dataset, decided in one place: the shipped
// sets (28×28 grey pictures: for a dataset of that shape only) plus every OTHER dataset of the data
// folder (MNIST is out of distribution for a Fashion-MNIST model, and the reverse). Another dataset
// lends its held-out training rows (the rows its own models calibrate on), never its test split, so
// no test split is used to choose a score or fit an outcome limit.
import type { DataShape } from '../../../shared/data-shape';
import { BUILTIN_DATASET, type ModelDataset } from '../../../shared/datasets';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import { toApiError } from '../../../shared/result';
import type { Dataset } from '../datasets/dataset';
import { mnistDataset } from '../datasets/mnist';
import { listDatasets, openDataset } from '../datasets/store';
import { calibrationSplit } from '../evaluate/calibration-split';
import { resample } from '../image/pixels';
import { loadOodSets, type OodSet } from './sets';

/** Rows another dataset lends as a reference set. */
export const REFERENCE_ROWS = 2000;

/** The id of the reference set made of dataset `name`. */
export function datasetSetId(name: string): string {
  return `dataset-${name}`;
}

/** True when the shipped sets (28×28 grey) are pictures of `shape`. */
export function shippedSetsFit(shape: DataShape): boolean {
  return shape.height === MNIST_SHAPE.height && shape.width === MNIST_SHAPE.width && shape.channels === 1;
}

/** One example of `from` (values in [0, 1], channels last) as an example of `to`: resampled, grey ↔ colour. */
function reshape(pixels: Float32Array, from: DataShape, to: DataShape): Float32Array {
  const planes = Array.from({ length: from.channels }, (_, c) => ({
    width: from.width,
    height: from.height,
    data: Float32Array.from({ length: from.width * from.height }, (_, i) => pixels[i * from.channels + c]!),
  }));
  const grey =
    from.channels === 1
      ? planes[0]!.data
      : Float32Array.from(
          planes[0]!.data,
          (r, i) => 0.299 * r + 0.587 * planes[1]!.data[i]! + 0.114 * planes[2]!.data[i]!,
        );
  const sized = (data: Float32Array) =>
    from.width === to.width && from.height === to.height
      ? data
      : resample({ width: from.width, height: from.height, data }, to.width, to.height).data;
  const out = new Float32Array(inputSize(to));
  const source = to.channels === from.channels ? planes.map((p) => sized(p.data)) : [sized(grey)];
  for (let i = 0; i < to.width * to.height; i++)
    for (let c = 0; c < to.channels; c++)
      out[i * to.channels + c] = Math.min(1, Math.max(0, source[c % source.length]![i]!));
  return out;
}

/** Dataset `other`'s first REFERENCE_ROWS held-out training rows as pictures of `shape`. */
export function datasetAsSet(other: Dataset, shape: DataShape): OodSet {
  const { manifest } = other;
  const split = calibrationSplit(other);
  const count = Math.min(REFERENCE_ROWS, split.count);
  const [inSize, outSize] = [inputSize(manifest.shape), inputSize(shape)];
  const pixels = new Float32Array(count * outSize);
  for (let i = 0; i < count; i++)
    pixels.set(
      reshape(split.pixels.subarray(i * inSize, (i + 1) * inSize), manifest.shape, shape),
      i * outSize,
    );
  return {
    id: datasetSetId(manifest.name),
    name: `dataset ${manifest.name}`,
    description: `${count} held-out training images of dataset "${manifest.name}", as ${shape.height}×${shape.width}×${shape.channels}`,
    count,
    pixels,
    labels: split.labels
      .subarray(0, count)
      .reduce((out, l, i) => ((out[i] = l), out), new Uint16Array(count)),
    labelNames: manifest.classNames,
  };
}

/** The datasets of the data folder other than `own` (MNIST without a data folder); broken ones left out. */
export async function otherDatasets(dataRoot: string | undefined, own: string): Promise<Dataset[]> {
  if (!dataRoot) return own === BUILTIN_DATASET ? [] : [mnistDataset];
  const { datasets } = await listDatasets(dataRoot);
  const others: Dataset[] = [];
  for (const manifest of datasets.filter((m) => m.name !== own)) {
    try {
      others.push(await openDataset(dataRoot, manifest.name));
    } catch {
      // A dataset that cannot be opened is not a reference; listDatasets reports it elsewhere.
    }
  }
  return others;
}

export interface ReferenceSets {
  sets: OodSet[];
  /** Why some were not measured (the shipped sets for another shape, a missing folder, an unreadable dataset). */
  unavailable?: string;
}

/** The reference sets of a model of `data`: shipped ones (oodDir; null: none) and the other datasets. */
export async function referenceSets(
  data: Pick<ModelDataset, 'name' | 'shape'>,
  options: { oodDir?: string | null; dataRoot?: string },
): Promise<ReferenceSets> {
  const sets: OodSet[] = [];
  const why: string[] = [];
  const { height, width, channels } = data.shape;
  if (options.oodDir !== null) {
    if (!shippedSetsFit(data.shape))
      why.push(
        `the shipped reference sets are 28×28 grey pictures; "${data.name}" is ${height}×${width}×${channels}`,
      );
    else {
      const shipped = loadOodSets(options.oodDir);
      if (shipped.ok) sets.push(...shipped.value);
      else why.push(shipped.error.message);
    }
  }
  for (const other of await otherDatasets(options.dataRoot, data.name)) {
    try {
      sets.push(datasetAsSet(other, data.shape));
    } catch (error) {
      why.push(`dataset "${other.manifest.name}": ${toApiError(error).message}`);
    }
  }
  return why.length > 0 ? { sets, unavailable: why.join('; ') } : { sets };
}
