// The system info shown in the status bar: backend, versions, data files.
import type { SystemInfo } from '../../../shared/api/system';
import { api } from './api';

class SystemStore {
  info = $state<SystemInfo | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);

  /** Asks the Node side what it runs on. */
  async load(): Promise<void> {
    this.loading = true;
    const result = await api.getSystemInfo();
    this.loading = false;
    if (result.ok) {
      this.info = result.value;
      this.error = null;
    } else {
      this.error = result.error.message;
    }
  }
}

export const systemStore = new SystemStore();
