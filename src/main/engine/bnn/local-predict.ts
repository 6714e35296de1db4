// Posterior predictive samples of a mean-field MLP with the local reparameterisation trick
// (Kingma, Salimans & Welling 2015) in the first layer: its pre-activations are Gaussian given the
// input, with mean x·μ_W + μ_b and variance x²·σ²_W + σ²_b, so they are drawn directly. Per example
// this is exactly the distribution weight sampling gives (each layer's weights are independent).
import type * as TF from '@tensorflow/tfjs';
import { mixSeed } from './rng';
import { noiseSource, type NoiseFn } from './noise';
import { biasAddKernel, type BiasAdd } from './native';
import type { PosteriorTensors } from './posterior';

/** Class probabilities of posterior samples for one fixed block of inputs, one sample at a time. */
export interface BlockSampler {
  /** Sample `s`'s class probabilities [rows, 10]; the same s gives the same draw in every block. */
  probs(s: number): TF.Tensor2D;
  dispose(): void;
}

/** What one sample draws independently of the inputs. */
interface SampleDraw {
  /** First-layer noise [1, width]: one value per unit, shared by every row. */
  firstNoise: TF.Tensor2D;
  /** Later layers' weights [in, out] and biases [out]. */
  layers: { w: TF.Tensor2D; bias: TF.Tensor1D }[];
}

/** Draws 0…S−1 stacked along a first axis (probsAll). */
interface StackedDraws {
  firstNoise: TF.Tensor3D;
  layers: { w: TF.Tensor3D; bias: TF.Tensor3D }[];
}

/** Draws kept for the next blocks: up to this many floats (256 MB); beyond it, drawn per block. */
const KEPT_DRAW_FLOATS = 64 * 1024 * 1024;

/**
 * Samples an MLP over many inputs, block by block. The first layer's pre-activation moments are
 * computed once per block and drawn per sample (the local trick, one draw per sample shared by
 * every row as above); the later layers' weights are drawn per sample. The first layer holds most
 * of an MLP's weights, so each sample then costs only the later layers' matrix products: a third
 * of sampling every weight for 784-256-256-10. Per example the distribution is exact (layers'
 * weights are independent). What does not depend on the inputs (noise, later weights) is drawn
 * from (seed, sample index) alone, once, and kept for every block: an image's answer does not
 * depend on the block it is scored in.
 *
 * Biases are added by BiasAdd after each product: a 256-wide product is ~13% cheaper than the
 * 257-wide one that carrying the bias as one more weight row needs, more than the added pass.
 */
export class FirstLayerLocalSampling {
  /** The first layer's weight and bias variances (its means are the posterior's own). */
  private readonly firstVar: { w: TF.Tensor2D; b: TF.Tensor1D };
  private readonly kept = new Map<string, SampleDraw>();
  private readonly stacks = new Map<string, StackedDraws>();
  private keptFloats = 0;
  private readonly biasAdd: BiasAdd;

  constructor(
    private readonly tf: typeof TF,
    private readonly posterior: PosteriorTensors,
    private readonly noise: NoiseFn = noiseSource(tf),
  ) {
    const layer = posterior.layers[0]!;
    this.biasAdd = biasAddKernel(tf);
    this.firstVar = tf.tidy(() => ({ w: tf.square(layer.wStd), b: tf.square(layer.bStd) }));
  }

  /** A sampler for the block of inputs x [rows, 784], samples drawn with `seed`. */
  samplerFor(x: TF.Tensor2D, seed: number): BlockSampler {
    const { tf, firstVar, biasAdd } = this;
    const first = this.posterior.layers[0]!;
    const [mean, std] = tf.tidy(() => [
      biasAdd(tf.matMul(x, first.wMean), first.bMean),
      tf.sqrt<TF.Tensor2D>(biasAdd(tf.matMul(tf.square(x), firstVar.w), firstVar.b)),
    ]);
    const probs = (s: number): TF.Tensor2D =>
      this.withDraw(seed, s, ({ firstNoise, layers }) =>
        tf.tidy(() => {
          let h = tf.add<TF.Tensor2D>(tf.mul(std, firstNoise), mean);
          for (const { w, bias } of layers) h = biasAdd(tf.matMul(tf.relu(h), w), bias);
          return tf.softmax(h);
        }),
      );
    return { probs, dispose: () => tf.dispose([mean, std]) };
  }

  /**
   * Probabilities [samples, rows, 10] of draws 0…samples−1 for a few inputs x [rows, 784], every
   * draw at once: the draws stacked (made once per seed and count, then kept), each later layer one
   * batched product over the draws. The same draws as samplerFor's, so the same values up to the
   * products' float rounding; some 800 small kernel calls become a dozen.
   */
  probsAll(x: TF.Tensor2D, samples: number, seed: number): TF.Tensor3D {
    const { tf, biasAdd } = this;
    const first = this.posterior.layers[0]!;
    const { firstNoise, layers } = this.stacked(seed, samples);
    return tf.tidy(() => {
      const mean = biasAdd(tf.matMul(x, first.wMean), first.bMean);
      const std = tf.sqrt<TF.Tensor2D>(biasAdd(tf.matMul(tf.square(x), this.firstVar.w), this.firstVar.b));
      let h: TF.Tensor3D = tf.add(tf.mul(std, firstNoise), mean);
      for (const { w, bias } of layers) h = tf.add(tf.matMul(tf.relu(h), w), bias);
      return tf.softmax(h);
    });
  }

  /** Draws 0…samples−1 stacked: noise [S, 1, width], weights [S, in, out], biases [S, 1, out]. */
  private stacked(seed: number, samples: number): StackedDraws {
    const key = `${seed}:${samples}`;
    const kept = this.stacks.get(key);
    if (kept) return kept;
    const { tf } = this;
    const made = tf.tidy(() => {
      // Clones share the draws' data and outlive a draw disposed after use (beyond the kept budget).
      const draws = Array.from({ length: samples }, (_, s) =>
        this.withDraw(seed, s, (d) => ({
          firstNoise: tf.clone(d.firstNoise),
          layers: d.layers.map((l) => ({ w: tf.clone(l.w), bias: tf.expandDims<TF.Tensor2D>(l.bias, 0) })),
        })),
      );
      return {
        firstNoise: tf.stack<TF.Tensor2D>(draws.map((d) => d.firstNoise)) as TF.Tensor3D,
        layers: draws[0]!.layers.map((_, k) => ({
          w: tf.stack<TF.Tensor2D>(draws.map((d) => d.layers[k]!.w)) as TF.Tensor3D,
          bias: tf.stack<TF.Tensor2D>(draws.map((d) => d.layers[k]!.bias)) as TF.Tensor3D,
        })),
      };
    });
    // Kept past any tidy scope the caller runs in.
    [made.firstNoise, ...made.layers.flatMap((l) => [l.w, l.bias])].forEach((t) => tf.keep(t));
    this.stacks.set(key, made);
    return made;
  }

  dispose(): void {
    const { w, b } = this.firstVar;
    this.tf.dispose([w, b, ...[...this.kept.values()].flatMap(tensorsOf)]);
    this.tf.dispose(
      [...this.stacks.values()].flatMap((d) => [d.firstNoise, ...d.layers.flatMap((l) => [l.w, l.bias])]),
    );
    this.kept.clear();
    this.stacks.clear();
    this.keptFloats = 0;
  }

  /** Runs `use` with sample s's draw, kept for later blocks while the budget allows. */
  private withDraw<T>(seed: number, s: number, use: (draw: SampleDraw) => T): T {
    const key = `${seed}:${s}`;
    const kept = this.kept.get(key);
    if (kept) return use(kept);
    const draw = this.draw(seed, s);
    const floats = tensorsOf(draw).reduce((sum, t) => sum + t.size, 0);
    if (this.keptFloats + floats > KEPT_DRAW_FLOATS) {
      try {
        return use(draw);
      } finally {
        this.tf.dispose(tensorsOf(draw));
      }
    }
    // Kept past any tidy scope the caller runs in.
    tensorsOf(draw).forEach((t) => this.tf.keep(t));
    this.kept.set(key, draw);
    this.keptFloats += floats;
    return use(draw);
  }

  /** Sample s's noise and weights: the same seeds as drawing the weights layer by layer. */
  private draw(seed: number, s: number): SampleDraw {
    const { tf, noise } = this;
    const [head, ...rest] = this.posterior.layers;
    const sampled = (mean: TF.Tensor, std: TF.Tensor, key: number) =>
      tf.add(mean, tf.mul(std, noise(mean.shape, key)));
    return tf.tidy(() => ({
      firstNoise: noise([1, head!.wMean.shape[1]], mixSeed(seed, s, 0, 3)) as TF.Tensor2D,
      layers: rest.map((layer, k) => ({
        w: sampled(layer.wMean, layer.wStd, mixSeed(seed, s, k + 1, 1)) as TF.Tensor2D,
        bias: sampled(layer.bMean, layer.bStd, mixSeed(seed, s, k + 1, 2)) as TF.Tensor1D,
      })),
    }));
  }
}

function tensorsOf(draw: SampleDraw): TF.Tensor[] {
  return [draw.firstNoise, ...draw.layers.flatMap((l) => [l.w, l.bias])];
}
