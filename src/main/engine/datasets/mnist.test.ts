import { describe, expect, it } from 'vitest';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import { DatasetManifest } from '../../../shared/datasets';
import { mnistDataset } from './mnist';

describe('the built-in MNIST dataset', () => {
  it('has a valid manifest whose shape is MNIST_SHAPE', () => {
    expect(DatasetManifest.parse(mnistDataset.manifest)).toEqual(mnistDataset.manifest);
    expect(mnistDataset.manifest.shape).toEqual(MNIST_SHAPE);
  });

  it('gives each split with the counts its manifest states', () => {
    const test = mnistDataset.split('test');
    expect(test.count).toBe(mnistDataset.manifest.splits.test);
    expect(test.pixels.length).toBe(test.count * inputSize(MNIST_SHAPE));
    expect(test.labels.length).toBe(test.count);
  });
});
