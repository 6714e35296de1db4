// The stored posteriors: list, activate, rename, delete, export, import, and the training history of
// one of them. Refreshed on modelsChanged.
import type { ModelHistory, ModelSummary } from '../../../shared/api/models';
import type { Result } from '../../../shared/result';
import { api, transport } from './api';
import { downloadBase64 } from './files';
import { importFailureText } from './import-text';

/** The history panel's state: loading (no history, no error), loaded, or failed. */
export interface HistoryView {
  model: ModelSummary;
  history: ModelHistory | null;
  error: string | null;
}

class ModelsStore {
  models = $state<ModelSummary[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The outcome of the last action, shown as a status line. */
  notice = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  busyId = $state<string | null>(null);
  /** The model whose training history is shown, and that history once it has arrived. */
  history = $state<HistoryView | null>(null);
  /** A model another view pointed at (a finished run's), outlined in the table. */
  focusId = $state<string | null>(null);
  private subscribed = false;

  get active(): ModelSummary | null {
    return this.models.find((model) => model.active) ?? null;
  }

  /** Loads the list and keeps it fresh when the Node side says models changed. */
  init(): void {
    if (!this.subscribed) {
      this.subscribed = true;
      api.on('modelsChanged', () => void this.load());
    }
    void this.load();
  }

  async load(): Promise<void> {
    this.loading = true;
    const result = await api.listModels();
    this.loading = false;
    this.loaded = true;
    if (result.ok) {
      this.models = result.value;
      this.error = null;
      // A deleted model's history panel has nothing left to show.
      if (this.history && !this.models.some((m) => m.id === this.history?.model.id)) this.history = null;
    } else this.error = result.error.message;
  }

  private async run(id: string, call: () => Promise<Result<ModelSummary[]>>, done: string): Promise<boolean> {
    this.busyId = id;
    const result = await call();
    this.busyId = null;
    if (result.ok) {
      this.models = result.value;
      this.notice = { kind: 'ok', text: done };
      return true;
    }
    this.notice = { kind: 'error', text: result.error.message };
    return false;
  }

  setActive(model: ModelSummary): Promise<boolean> {
    return this.run(model.id, () => api.setActiveModel({ id: model.id }), `“${model.name}” is now active.`);
  }

  rename(model: ModelSummary, name: string): Promise<boolean> {
    return this.run(model.id, () => api.renameModel({ id: model.id, name }), `Renamed to “${name.trim()}”.`);
  }

  /** Computes the thresholds of a model saved without them, so it can answer checks. */
  calibrate(model: ModelSummary): Promise<boolean> {
    return this.run(
      model.id,
      () => api.calibrateModel({ id: model.id }),
      `Calibrated “${model.name}”: it can be used now.`,
    );
  }

  /** Continues a stopped or interrupted model from its last checkpoint; the Train view shows the run. */
  async resume(model: ModelSummary): Promise<void> {
    this.busyId = model.id;
    const result = await api.resumeModel({ id: model.id });
    this.busyId = null;
    this.notice = result.ok
      ? { kind: 'ok', text: `“${model.name}” continues training from its last checkpoint (see Train).` }
      : { kind: 'error', text: `Cannot resume “${model.name}”: ${result.error.message}` };
    await this.load();
  }

  remove(model: ModelSummary): Promise<boolean> {
    return this.run(model.id, () => api.deleteModel({ id: model.id }), `Deleted “${model.name}”.`);
  }

  /** Exports through the native save dialog in Electron, as a download in the browser. */
  async exportModel(model: ModelSummary): Promise<void> {
    this.busyId = model.id;
    const result = await api.exportModel({
      id: model.id,
      mode: transport === 'electron' ? 'dialog' : 'download',
    });
    this.busyId = null;
    if (!result.ok) {
      this.notice = { kind: 'error', text: `Export failed: ${result.error.message}` };
      return;
    }
    const value = result.value;
    if (value.mode === 'download') {
      downloadBase64(value.fileName, value.dataBase64);
      this.notice = { kind: 'ok', text: `Exported “${model.name}” as ${value.fileName}.` };
    } else {
      this.notice = value.path
        ? { kind: 'ok', text: `Exported “${model.name}” to ${value.path}.` }
        : { kind: 'ok', text: 'Export cancelled.' };
    }
  }

  /** Opens the training history of `model` (its curves from metrics.json), replacing any open one. */
  async showHistory(model: ModelSummary): Promise<void> {
    this.history = { model, history: null, error: null };
    const result = await api.modelHistory({ id: model.id });
    // The user may have opened another model's history (or closed the panel) meanwhile.
    if (this.history?.model.id !== model.id) return;
    this.history = result.ok
      ? { model, history: result.value, error: null }
      : { model, history: null, error: result.error.message };
  }

  closeHistory(): void {
    this.history = null;
  }

  /** Imports a posterior file; the engine validates it and refuses a bad one with a reason. */
  async importFile(file: File): Promise<void> {
    this.busyId = 'import';
    const result = await api.importModel({
      fileName: file.name,
      data: new Uint8Array(await file.arrayBuffer()),
    });
    this.busyId = null;
    if (result.ok) {
      this.notice = { kind: 'ok', text: `Imported “${result.value.name}”.` };
      await this.load();
    } else {
      this.notice = { kind: 'error', text: importFailureText(file.name, result.error) };
    }
  }
}

export const modelsStore = new ModelsStore();
