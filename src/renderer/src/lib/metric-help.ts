// One line per figure the Uncertainty view prints, said where the figure is shown.

export const METRIC_HELP = {
  auroc:
    'AUROC: the chance that an image of the set scores as more uncertain than a random test digit (1 = always, 0.5 = a coin toss).',
  aupr: 'AUPR: how precisely the score picks out the set’s images as it catches more of them (1 = perfectly, the set’s share = no better than chance).',
  fpr95:
    'FPR@95: the share of test digits wrongly rejected at the threshold that catches 95% of the set (lower is better).',
  ece: 'ECE: the average gap between how confident the model is and how often it is right, over the bins (0 = perfectly calibrated).',
} as const;
