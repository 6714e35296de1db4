import { describe, expect, it } from 'vitest';
import { MNIST_MANIFEST, type DatasetManifest } from './datasets';
import { EPOCHS, MAX_STEPS, recommendedRecipe } from './recipes';
import { TrainConfig } from './training';

const dataset = (changes: Partial<DatasetManifest>): DatasetManifest => ({
  ...MNIST_MANIFEST,
  name: 'things',
  preparation: 'fit',
  ...changes,
});
const fashion = dataset({ name: 'fashion', splits: { train: 60000, test: 10000 } });

describe('the recommended recipe', () => {
  it("trains Fashion-MNIST's size MAX_STEPS steps, holding out a tenth of the split up to 5000", () => {
    const recipe = TrainConfig.parse(recommendedRecipe(fashion));
    expect(recipe).toMatchObject({ steps: MAX_STEPS, holdOut: 5000, family: 'laplace', learningRate: 2e-3 });
    expect(recipe.logEvery).toBe(1000);
  });

  it('makes EPOCHS passes over a small split, at least 300 steps', () => {
    const small = recommendedRecipe(dataset({ splits: { train: 6400, test: 1000 } }));
    expect(small.steps).toBe(EPOCHS * Math.ceil(5760 / 128));
    expect(recommendedRecipe(dataset({ splits: { train: 500, test: 100 } })).steps).toBe(300);
  });

  it('takes proportionally fewer steps on larger pictures (each step costs as much more)', () => {
    const shape = { height: 56, width: 56, channels: 3 as const, classes: 10 };
    const recipe = recommendedRecipe(dataset({ shape, splits: { train: 60000, test: 10000 } }));
    expect(recipe.steps).toBe(MAX_STEPS / 4);
    expect(recipe.conv).toEqual([32, 64, 64]);
  });
});
