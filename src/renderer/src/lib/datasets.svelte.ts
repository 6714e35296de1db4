// The datasets the app knows (MNIST and the imported ones), and importing and deleting them: one
// import at a time, its progress from `datasetImportProgress` events, cancellable.
import type {
  DatasetImportProgress,
  DatasetList,
  ImportDatasetRequest,
  ImportDatasetResult,
} from '../../../shared/api/dataset';
import { api } from './api';

class DatasetsStore {
  list = $state.raw<DatasetList | null>(null);
  listError = $state<string | null>(null);
  importing = $state(false);
  progress = $state<DatasetImportProgress | null>(null);
  /** The last import's outcome: the dataset's summary, or why it was refused or stopped. */
  imported = $state.raw<ImportDatasetResult | null>(null);
  importError = $state<string | null>(null);
  private subscribed = false;

  async refresh(): Promise<void> {
    const result = await api.listDatasets();
    if (result.ok) {
      this.list = result.value;
      this.listError = null;
    } else this.listError = result.error.message;
  }

  /** Imports a folder; resolves to the new dataset's summary, or null (see importError). */
  async import(request: ImportDatasetRequest): Promise<ImportDatasetResult | null> {
    this.subscribe();
    this.importing = true;
    this.progress = null;
    this.imported = null;
    this.importError = null;
    const result = await api.importDataset(request);
    this.importing = false;
    if (result.ok) this.imported = result.value;
    else
      this.importError =
        result.error.code === 'cancelled' ? 'Import cancelled: nothing was kept.' : result.error.message;
    await this.refresh();
    return result.ok ? result.value : null;
  }

  /** Stops the import under way; its request then ends as cancelled. */
  async cancel(): Promise<void> {
    await api.cancelDatasetImport();
  }

  /** Deletes an imported dataset; resolves to the error's text, or null when it is gone. */
  async remove(name: string): Promise<string | null> {
    const result = await api.deleteDataset({ name });
    if (!result.ok) return result.error.message;
    this.list = result.value;
    if (this.imported?.manifest.name === name) this.imported = null;
    return null;
  }

  private subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    api.on('datasetImportProgress', (progress) => {
      if (this.importing) this.progress = progress;
    });
  }
}

export const datasetsStore = new DatasetsStore();
