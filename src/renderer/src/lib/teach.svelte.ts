// The marked pictures (the teach loop): marked from a Check card, listed in the Data view, taught to
// a training run when the Train form's box is ticked.
import type { MarkedEntry, MarkedLabel } from '../../../shared/api/teach';
import { api } from './api';
import { blobToBase64 } from './files';

class TeachStore {
  entries = $state<MarkedEntry[]>([]);
  /** Entries that could not be read, with why. */
  skipped = $state<{ id: string; message: string }[]>([]);
  error = $state<string | null>(null);
  /** Whether the next run is taught the marked pictures (the Train form's box). */
  include = $state(false);
  /** Whether the Data view's list is open; kept across trips to other views. */
  listOpen = $state(false);

  async refresh(): Promise<void> {
    const result = await api.listMarked();
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.error = null;
    this.entries = result.value.entries;
    this.skipped = result.value.skipped;
  }

  /** Keeps a picture as `label`; resolves to the error message, or null once it is listed. */
  async mark(file: Blob, name: string, label: MarkedLabel): Promise<string | null> {
    const result = await api.markPicture({ name, dataBase64: await blobToBase64(file), label });
    if (!result.ok) return result.error.message;
    this.entries = [...this.entries, result.value];
    return null;
  }

  async remove(id: string): Promise<void> {
    const result = await api.deleteMarked({ id });
    if (!result.ok) this.error = result.error.message;
    await this.refresh();
  }
}

export const teachStore = new TeachStore();
