// The shape of a dataset's examples, the one place image size and class count are defined: models,
// data loading, preparation of user pictures and the UI derive theirs from it.

/** Images of height × width × channels (values 0…1, row-major, channels last) in `classes` classes. */
export interface DataShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
}

/** MNIST: 28 × 28 grey digits, ten classes. */
export const MNIST_SHAPE: DataShape = { height: 28, width: 28, channels: 1, classes: 10 };

/** Values per example (784 for MNIST). */
export function inputSize(shape: DataShape): number {
  return shape.height * shape.width * shape.channels;
}
