// What a model is, in words a newcomer reads: its family (how it represents what it does not know)
// and its network. The Train form, the Models view, `unsure models` and the Compare view all name
// models through this one module.
import type { Architecture, Family, LaplaceCurvature, TrainConfig } from './training';

/** Each family: a short name for lists and one line saying what it does. */
export const FAMILY_TEXT: Record<Family, { label: string; help: string }> = {
  mfvi: {
    label: 'Mean-field Gaussian',
    help: 'Mean-field Gaussian: every weight is a bell curve learned by variational inference.',
  },
  dropout: {
    label: 'MC dropout',
    help: 'MC dropout: an ordinary network that keeps dropping random units when it predicts, so its answers vary.',
  },
  laplace: {
    label: 'Last-layer Laplace',
    help: 'Last-layer Laplace: an ordinary network, then a bell curve fitted around its last layer from the curvature of the loss.',
  },
  point: {
    label: 'Point estimate',
    help: 'Point estimate: one value per weight and no uncertainty of its own: the baseline the others are measured against.',
  },
};

export const ARCH_TEXT: Record<Architecture, { label: string; help: string }> = {
  mlp: { label: 'MLP (dense layers)', help: 'Dense layers only: every pixel feeds every unit.' },
  cnn: {
    label: 'CNN (convolutions)',
    help: '3×3 convolutions, each followed by 2×2 pooling, then dense layers: it sees strokes and shapes.',
  },
};

export const LAPLACE_TEXT: Record<LaplaceCurvature, { label: string; help: string }> = {
  kron: {
    label: 'Kronecker-factored',
    help: 'Kronecker-factored: keeps how the last layer’s weights vary together.',
  },
  diag: { label: 'Diagonal', help: 'Diagonal: one curvature per weight; cheaper, a little cruder.' },
};

type Kind = Pick<TrainConfig, 'family' | 'arch' | 'members'>;

/** The family and network of one model, e.g. "Bayesian CNN (mean-field)", "MC-dropout MLP". */
function single({ family, arch }: Kind, plural: boolean): string {
  const net = arch.toUpperCase() + (plural ? 's' : '');
  switch (family) {
    case 'mfvi':
      return `Bayesian ${net} (mean-field)`;
    case 'dropout':
      return `MC-dropout ${net}`;
    case 'laplace':
      return `last-layer Laplace ${net}`;
    case 'point':
      return `point ${net}`;
  }
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** What a model is, in plain words: "Bayesian CNN (mean-field)", "Ensemble of 5 point CNNs". */
export function modelKind(config: Kind): string {
  if (config.members > 1) return `Ensemble of ${config.members} ${single(config, true)}`;
  return capitalised(single(config, false));
}

/** Its layers: "dense 64, 64" or "conv 32, 64 · dense 128". */
export function networkLayers(config: Pick<TrainConfig, 'arch' | 'conv' | 'hidden'>): string {
  const dense = `dense ${config.hidden.join(', ')}`;
  return config.arch === 'cnn' ? `conv ${config.conv.join(', ')} · ${dense}` : dense;
}
