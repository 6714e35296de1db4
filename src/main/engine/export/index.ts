// Export a stored model to one safetensors file, and import such a file back as a new model.
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { err, ok, toApiError, type Result } from '../../../shared/result';
import { modelDataset, type ModelMeta } from '../../../shared/model';
import { headerLength, parseSafetensorsHeader } from '../format/safetensors';
import { encodePosterior } from '../store/model-folder';
import { FILE_CAPS, openChecked } from '../files/safe-read';
import { loadModel } from '../store/load';
import { writeFileAtomic } from '../store/atomic';
import { METRICS_FILE, MODEL_FILE, POSTERIOR_FILE, modelsDir, newModelId } from '../store/paths';
import { assertFiniteAnswers } from '../uncertainty/finite-answers';
import { checkExportHeader, decodeExport, encodeExport, importedMeta, safetensorsInvalid } from './exchange';

export { decodeExport, encodeExport, type PosteriorExport } from './exchange';

/** Files larger than this are refused before reading (the largest allowed config is ~1 GB). */
export const MAX_IMPORT_BYTES = FILE_CAPS.exportFile;

/** Writes model `modelDir` as one export file at `outFile` (atomically); returns the bytes written. */
export async function exportModel(
  modelDir: string,
  outFile: string,
  appVersion: string,
): Promise<Result<{ file: string; bytes: number }>> {
  try {
    const buffer = encodeExport(await loadModel(modelDir), appVersion);
    await writeFileAtomic(path.resolve(outFile), buffer);
    return ok({ file: path.resolve(outFile), bytes: buffer.length });
  } catch (error) {
    return { ok: false, error: toApiError(error, 'export_failed') };
  }
}

export interface ImportedModel {
  id: string;
  dir: string;
  meta: ModelMeta;
}

/** Validates an export file's bytes and adds it to `<root>/models` as a new model; nothing is written on failure. */
export async function importModelBytes(
  root: string,
  bytes: Uint8Array,
  now = new Date(),
): Promise<Result<ImportedModel>> {
  let parsed;
  try {
    parsed = decodeExport(bytes);
    await assertFiniteAnswers({
      meta: { config: parsed.config, dataset: parsed.dataset },
      posterior: parsed.tensors,
    });
  } catch (error) {
    return { ok: false, error: toApiError(error, 'import_invalid') };
  }
  const id = newModelId(parsed.config.preset, now);
  const meta = importedMeta(parsed, id, now);
  const models = modelsDir(root);
  const temp = path.join(models, `.import-${crypto.randomBytes(4).toString('hex')}`);
  try {
    await fs.mkdir(temp, { recursive: true });
    await fs.writeFile(
      path.join(temp, POSTERIOR_FILE),
      encodePosterior(meta.config, meta.step, parsed.tensors, modelDataset(meta)),
    );
    await fs.writeFile(path.join(temp, METRICS_FILE), JSON.stringify(parsed.metrics));
    await writeFileAtomic(path.join(temp, MODEL_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    const dir = path.join(models, id);
    await fs.rename(temp, dir);
    return ok({ id, dir, meta });
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    return { ok: false, error: toApiError(error, 'import_failed') };
  }
}

/** Safe-read refusals as import errors: a file that is not there or not readable, or not acceptable. */
const READ_ERROR_CODES: Record<string, string> = {
  file_missing: 'import_unreadable',
  file_unreadable: 'import_unreadable',
  not_a_file: 'import_invalid',
  file_too_large: 'import_invalid',
};

/** An export file's bytes; a header that already shows a wrong layout is refused before the data is read. */
async function readExportFile(file: string): Promise<Buffer> {
  const opened = await openChecked(file, 'exportFile', { followLinks: true });
  try {
    let header;
    try {
      const length = headerLength(await opened.read(0, 8), opened.size);
      header = parseSafetensorsHeader(await opened.read(8, length));
    } catch (error) {
      throw safetensorsInvalid(error);
    }
    checkExportHeader(header);
    return await opened.readAll();
  } finally {
    await opened.close();
  }
}

/** Reads an export file from disk (a regular file, size-capped, header first) and imports it; see importModelBytes. */
export async function importModelFile(
  root: string,
  file: string,
  now = new Date(),
): Promise<Result<ImportedModel>> {
  let bytes: Buffer;
  try {
    bytes = await readExportFile(file);
  } catch (error) {
    const { code, message } = toApiError(error, 'import_unreadable');
    return err(READ_ERROR_CODES[code] ?? code, message);
  }
  return importModelBytes(root, bytes, now);
}
