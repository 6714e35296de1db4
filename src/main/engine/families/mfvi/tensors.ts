// The mean-field Gaussian family's model tensors: a mean and a log-variance for every weight and
// bias of the layers arch.ts lists (`layers.{i}.weight.mean`, `….logvar`, …), weight then bias,
// mean then log-variance, layer by layer.
import { CodedError } from '../../../../shared/result';
import type { NamedTensor } from '../../format/safetensors';
import { biasShape, layersFor } from '../arch';
import type { FamilyContext, TensorSpec } from '../family';

/** Log-variances outside this range are not a plausible posterior (variance 2e-22 … 5e8). */
export const LOGVAR_RANGE: readonly [number, number] = [-50, 20];

/** Every tensor of a mean-field posterior for ctx's architecture, in file order. */
export function gaussianSpecs(ctx: FamilyContext): TensorSpec[] {
  return layersFor(ctx.config, ctx.shape).flatMap((layer) =>
    (
      [
        ['weight', layer.weightShape],
        ['bias', biasShape(layer)],
      ] as const
    ).flatMap(([part, shape]) => [
      { name: `${layer.base}.${part}.mean`, shape: [...shape] },
      { name: `${layer.base}.${part}.logvar`, shape: [...shape] },
    ]),
  );
}

/** Throws CodedError(code) when a log-variance lies outside LOGVAR_RANGE. */
export function checkLogvars(tensors: readonly NamedTensor[], code: string): void {
  const [lo, hi] = LOGVAR_RANGE;
  for (const { name, data } of tensors) {
    if (!name.endsWith('.logvar')) continue;
    for (let i = 0; i < data.length; i++) {
      if (data[i]! < lo || data[i]! > hi) {
        throw new CodedError(
          code,
          `tensor ${name} holds log-variance ${data[i]} outside [${LOGVAR_RANGE.join(', ')}]`,
        );
      }
    }
  }
}
