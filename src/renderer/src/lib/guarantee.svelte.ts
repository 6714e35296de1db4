// The promise a user states in the Uncertainty view ("at most X% accepted wrong", "keep at least
// Y%"): the Node side fits its threshold on the calibration split and measures it on the test set;
// the slider then moves to it.
import type { GuaranteeReport } from '../../../shared/api/uncertainty';
import { GuaranteeTarget } from '../../../shared/uncertainty/guarantee';
import { api } from './api';
import { uncertaintyStore, type LoadedReport } from './uncertainty.svelte';

class GuaranteeStore {
  kind = $state<GuaranteeTarget['kind']>('max_error');
  /** The percentage as typed. */
  percent = $state('1');
  loading = $state(false);
  error = $state<string | null>(null);
  result = $state.raw<GuaranteeReport | null>(null);

  /** The fitted promise if it belongs to this report (same model, score and samples). */
  resultFor(report: LoadedReport | null): GuaranteeReport | null {
    const r = this.result;
    return r &&
      report &&
      r.modelId === report.modelId &&
      r.score === report.score &&
      r.samples === report.samples
      ? r
      : null;
  }

  /** Asks for the threshold of the stated promise and puts the slider on it. */
  async apply(report: LoadedReport): Promise<void> {
    const parsed = GuaranteeTarget.safeParse({ kind: this.kind, percent: Number(this.percent) });
    if (!parsed.success || this.percent.trim() === '') {
      this.error = 'Give a percentage above 0 and below 100.';
      return;
    }
    this.loading = true;
    this.error = null;
    const { modelId, score, samples } = report;
    const result = await api.getGuarantee({ modelId, score, samples, target: parsed.data });
    this.loading = false;
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.result = result.value;
    if (uncertaintyStore.report === report) uncertaintyStore.threshold = result.value.threshold;
  }
}

export const guaranteeStore = new GuaranteeStore();
