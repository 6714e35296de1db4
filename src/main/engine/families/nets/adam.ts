// Adam over named parameter tensors, its moments saved as `adam.m.<name>` and `adam.v.<name>`.
// The update arithmetic and the learning-rate schedule are the mean-field step's (bnn/step-math).
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfig } from '../../../../shared/training';
import type { NamedTensor } from '../../format/safetensors';
import { EagerOps } from '../../bnn/eager-ops';
import { noiseSource } from '../../bnn/noise';
import { adamScalars, adamStep, learningRateAt } from '../../bnn/step-math';

/** Adam's state for a set of variables; `t` counts updates made. */
export class NamedAdam {
  private readonly ops: EagerOps;
  private readonly m = new Map<string, TF.Variable>();
  private readonly v = new Map<string, TF.Variable>();

  constructor(
    private readonly tf: typeof TF,
    private readonly config: Pick<TrainConfig, 'learningRate' | 'lrSchedule' | 'steps'>,
    shapes: ReadonlyMap<string, number[]>,
    saved: readonly NamedTensor[] = [],
    public t = 0,
  ) {
    this.ops = new EagerOps(tf, noiseSource(tf));
    const byName = new Map(saved.map((s) => [s.name, s]));
    for (const [name, shape] of shapes) {
      for (const [kind, map] of [
        ['m', this.m],
        ['v', this.v],
      ] as const) {
        const s = byName.get(`adam.${kind}.${name}`);
        map.set(name, tf.variable(s ? tf.tensor(s.data, shape) : tf.zeros(shape), false));
      }
    }
  }

  /** One update of `params` by gradients of the same names (call inside tf.tidy). */
  apply(params: ReadonlyMap<string, TF.Variable>, grads: ReadonlyMap<string, TF.Tensor>): void {
    const { tf } = this;
    const [lrT, epsT] = adamScalars(learningRateAt(this.config, this.t), this.t + 1);
    const lr = tf.scalar(lrT);
    const eps = tf.scalar(epsT);
    const o = this.ops.withSeed(0);
    for (const [name, p] of params) {
      const g = grads.get(name);
      if (!g) continue;
      const next = adamStep(o, p as TF.Tensor, this.m.get(name)!, this.v.get(name)!, g, lr, eps);
      p.assign(next.theta);
      this.m.get(name)!.assign(next.m);
      this.v.get(name)!.assign(next.v);
    }
    this.t += 1;
  }

  /** The moments as named tensors (copies), for a checkpoint. */
  save(): NamedTensor[] {
    return (['m', 'v'] as const).flatMap((kind) =>
      [...(kind === 'm' ? this.m : this.v)].map(([name, t]) => ({
        name: `adam.${kind}.${name}`,
        shape: t.shape,
        data: Float32Array.from(t.dataSync()),
      })),
    );
  }

  dispose(): void {
    this.ops.dispose();
    this.tf.dispose([...this.m.values(), ...this.v.values()]);
  }
}
