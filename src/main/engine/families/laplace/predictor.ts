// Predictive draws of the last-layer Laplace: features φ from the deterministic body (MAP
// weights), last-layer weights drawn per draw from (seed, draw) (sample.ts), logits = [φ, 1]·W.
// The body runs once per input, whatever the number of draws, and the draws (which do not depend
// on the inputs) are made once per seed and kept: every draw of a set of inputs is then one matrix
// product with all draws side by side, [B, F+1]·[F+1, S·C].
import type * as TF from '@tensorflow/tfjs';
import type { Layer } from '../arch';
import type { BlockDraws, Predictor } from '../family';
import { bodyFeatures, forwardLogits } from '../nets/network';
import { sampleLastLayer, withBiasInput, type LastLayerPosterior } from './sample';

/** The body runs on this many inputs at a time: a 32-channel 28×28 activation of 500 inputs is 50 MB. */
const BODY_ROWS = 500;
/** Up to this many inputs, sampleProbs is one pass (no turn of the event loop between draws). */
const ONE_PASS_ROWS = 256;

/** Owns both the point network's parameters and the last layer's posterior (disposed with it). */
export class LaplacePredictor implements Predictor {
  /** Draws 0…n−1 under a seed side by side, [F+1, n·C] (column d·C + c: draw d, class c). */
  private readonly draws = new Map<number, TF.Tensor2D>();

  constructor(
    private readonly tf: typeof TF,
    private readonly layers: readonly Layer[],
    private readonly params: Map<string, TF.Tensor>,
    private readonly post: LastLayerPosterior,
  ) {}

  /** [φ, 1] for x, the body run on BODY_ROWS inputs at a time (each row's features are its own). */
  private features(x: TF.Tensor2D): TF.Tensor2D {
    const { tf } = this;
    return tf.tidy(() => {
      const rows = x.shape[0];
      const parts: TF.Tensor2D[] = [];
      for (let start = 0; start < rows || parts.length === 0; start += BODY_ROWS) {
        const part = rows <= BODY_ROWS ? x : x.slice([start, 0], [Math.min(BODY_ROWS, rows - start), -1]);
        parts.push(bodyFeatures(tf, this.layers, this.params, part, undefined, true));
      }
      return withBiasInput(tf, parts.length === 1 ? parts[0]! : tf.concat(parts, 0));
    });
  }

  /**
   * Draws 0…samples−1 under `seed`, side by side [F+1, samples·C]. Kept per seed and grown (at
   * least doubled) when more are asked for, so that asking draw by draw makes each draw once.
   */
  private drawsFor(seed: number, samples: number): TF.Tensor2D {
    const { tf, post } = this;
    const classes = post.mean.shape[1];
    const kept = this.draws.get(seed);
    const have = kept ? kept.shape[1] / classes : 0;
    let all = kept;
    if (!all || have < samples) {
      const more = Math.max(samples, 2 * have) - have;
      const made = Array.from({ length: more }, (_, k) => sampleLastLayer(tf, post, seed, have + k));
      all = tf.keep(tf.concat(kept ? [kept, ...made] : made, 1));
      tf.dispose([...made, ...(kept ? [kept] : [])]);
      this.draws.set(seed, all);
    }
    return all.shape[1] === samples * classes ? all : tf.slice(all, [0, 0], [-1, samples * classes]);
  }

  sampleLogits(x: TF.Tensor2D, seed: number, draw: number): TF.Tensor2D {
    const { tf } = this;
    return tf.tidy(() => tf.matMul(this.features(x), sampleLastLayer(tf, this.post, seed, draw)));
  }

  meanLogits(x: TF.Tensor2D): TF.Tensor2D {
    return this.tf.tidy(() => forwardLogits(this.tf, this.layers, this.params, x));
  }

  /** Softmax of every draw [samples, B, C] from features φ1 = [φ, 1] [B, F+1]: one product. */
  private probsOf(phi1: TF.Tensor2D, samples: number, seed: number): TF.Tensor3D {
    const { tf } = this;
    const classes = this.post.mean.shape[1];
    return tf.tidy(() => {
      const logits = tf.matMul(phi1, this.drawsFor(seed, samples));
      const bySample = tf.transpose(tf.reshape(logits, [phi1.shape[0], samples, classes]), [1, 0, 2]);
      return tf.softmax(bySample) as TF.Tensor3D;
    });
  }

  /** The body runs once for all draws; values equal stacking sampleLogits' softmax (float rounding aside). */
  sampleProbs(x: TF.Tensor2D, samples: number, seed: number): TF.Tensor3D {
    return this.tf.tidy(() => this.probsOf(this.features(x), samples, seed));
  }

  sampleProbsPays(rows: number): boolean {
    return rows <= ONE_PASS_ROWS;
  }

  /** The body once per block; each draw then costs one [B, F+1]·[F+1, C] product. */
  blockSampler(x: TF.Tensor2D, seed: number): BlockDraws {
    const { tf, post } = this;
    const phi1 = this.features(x);
    const classes = post.mean.shape[1];
    return {
      probs: (s) =>
        tf.tidy(() => {
          const w = tf.slice<TF.Rank.R2, TF.Tensor2D>(
            this.drawsFor(seed, s + 1),
            [0, s * classes],
            [-1, classes],
          );
          return tf.softmax(tf.matMul(phi1, w)) as TF.Tensor2D;
        }),
      dispose: () => phi1.dispose(),
    };
  }

  dispose(): void {
    const { post } = this;
    this.tf.dispose([...this.params.values(), post.mean, post.basisIn, post.basisOut, post.scale]);
    this.tf.dispose([...this.draws.values()]);
    this.draws.clear();
  }
}
