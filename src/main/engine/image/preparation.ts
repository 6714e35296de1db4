// How a user's picture becomes an example of a model's dataset: the one place that reads the
// dataset's `preparation` (DatasetManifest) and says what preparing, segmenting and reading numbers
// mean for it.
import type { DataShape } from '../../../shared/data-shape';
import type { ModelDataset } from '../../../shared/datasets';
import { digitClasses } from '../../../shared/outcomes';

/**
 * `ink`: written characters, cropped and centred as MNIST (then resampled to the dataset's size when it
 * is not 28×28 grey); `fit`: the whole picture scaled into the frame, keeping its aspect, and padded.
 * `ground` (fit): `dark` makes the picture a light thing on black, as the grey IDX sets (Fashion-MNIST,
 * KMNIST) are — a picture on a light ground is inverted and its ground brought to black; `own` keeps
 * the picture's colours and pads with its own border colour (colour photo sets).
 */
export type PictureRule =
  | { kind: 'ink'; shape: DataShape; numbers: boolean }
  | { kind: 'fit'; shape: DataShape; ground: 'dark' | 'own' };

/** The picture rule of a model's dataset. */
export function pictureRule(data: Pick<ModelDataset, 'preparation' | 'shape' | 'classNames'>): PictureRule {
  const { shape } = data;
  if (data.preparation === 'ink') return { kind: 'ink', shape, numbers: digitClasses(data.classNames) };
  return { kind: 'fit', shape, ground: shape.channels === 1 ? 'dark' : 'own' };
}

/**
 * True when pictures of several characters are split and read as a number (`unsure read`, the Check
 * view's digit boxes): only written digits.
 */
export function readsNumbers(rule: PictureRule): boolean {
  return rule.kind === 'ink' && rule.numbers;
}
