// The Compare view's state: which models are picked, and the comparison the Node side measured for
// them (it scores the test digits and every set with each model, so it takes a while).
import type { ScoreName } from '../../../shared/api/check';
import { MAX_COMPARED, type ModelComparison } from '../../../shared/api/compare';
import { api } from './api';

class CompareStore {
  picked = $state<string[]>([]);
  result = $state<ModelComparison | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  /** The score the set rows and histograms show; null until a comparison picks its first model's. */
  score = $state<ScoreName | null>(null);

  toggle(id: string, on: boolean): void {
    if (on && !this.picked.includes(id) && this.picked.length < MAX_COMPARED)
      this.picked = [...this.picked, id];
    if (!on) this.picked = this.picked.filter((p) => p !== id);
  }

  async compare(): Promise<void> {
    if (this.picked.length === 0 || this.running) return;
    this.running = true;
    this.error = null;
    const result = await api.compareModels({ modelIds: [...this.picked] });
    this.running = false;
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.result = result.value;
    this.score ??= result.value.models.find((m) => m.score)?.score ?? 'entropy';
  }
}

export const compareStore = new CompareStore();
