// A tiny model family for tests of the code that must work for every family (trainer, store,
// export): one dense layer of point weights `layers.0.weight|bias`, updated by nothing, with
// hooks to observe what the trainer gives it. Registered by a test under a Family name.
import type * as TF from '@tensorflow/tfjs';
import type { NamedTensor } from '../format/safetensors';
import { biasShape, layersFor } from './arch';
import type { FamilyContext, FamilyTrainer, ModelFamily, Predictor, TrainedState } from './family';

export interface FakeFamilyOptions {
  validationSize?: number;
  onStep?: (x: TF.Tensor2D) => void;
  onFinish?: FamilyTrainer['finish'];
}

function specs(ctx: FamilyContext) {
  const layer = layersFor({ ...ctx.config, hidden: [] }, ctx.shape)[0]!;
  return [
    { name: `${layer.base}.weight`, shape: [...layer.weightShape] },
    { name: `${layer.base}.bias`, shape: biasShape(layer) },
  ];
}

function linearPredictor(tf: typeof TF, tensors: readonly NamedTensor[]): Predictor {
  const [w, b] = [
    tf.tensor2d(tensors[0]!.data, tensors[0]!.shape as [number, number]),
    tf.tensor1d(tensors[1]!.data),
  ];
  const logits = (x: TF.Tensor2D) => tf.tidy(() => tf.add<TF.Tensor2D>(tf.matMul(x, w), b));
  return { sampleLogits: (x) => logits(x), meanLogits: logits, dispose: () => tf.dispose([w, b]) };
}

/** A family whose weights stay at their initial values (small, seeded by nothing). */
export function fakeFamily(options: FakeFamilyOptions = {}): ModelFamily {
  return {
    tensorSpecs: specs,
    validationSize: () => options.validationSize ?? 0,
    openTrainer: (tf, ctx, from?: TrainedState) => {
      const model =
        from?.model ??
        specs(ctx).map((s, i) => ({
          ...s,
          data: new Float32Array(s.shape.reduce((a, b) => a * b, 1)).map((_, k) =>
            i === 0 ? ((k % 7) - 3) / 100 : 0,
          ),
        }));
      const trainer: FamilyTrainer = {
        step: (x) => options.onStep?.(x),
        priorTerm: () => 0,
        predictor: () => linearPredictor(tf, model),
        save: () => ({ model, optimizer: [], adamT: 0 }),
        finish: options.onFinish,
        dispose: () => undefined,
      };
      return Promise.resolve(trainer);
    },
    predictor: (tf, _ctx, tensors) => linearPredictor(tf, tensors),
  };
}
