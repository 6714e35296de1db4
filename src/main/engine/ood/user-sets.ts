// The user's own out-of-distribution sets: one folder of images each under <data root>/ood-sets,
// named by a `.name` file. A set is built in a hidden temp folder and renamed into place whole, so
// a failure leaves nothing behind, and a file that is refused is never kept.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CodedError, err, ok, type Result } from '../../../shared/result';
import { readCheckedText } from '../files/safe-read';
import { writeFileAtomic } from '../store/atomic';
import { loadImageFolder, type OodSet } from './sets';

/** The name the user gave a set; a dot-file, so the folder loader skips it. */
const NAME_FILE = '.name';

/** The folder holding the user's sets. */
export function userSetsDir(root: string): string {
  return path.join(root, 'ood-sets');
}

/** Every user set under `root`, with the name the user gave it; unreadable sets are left out. */
export async function readUserSets(root: string): Promise<OodSet[]> {
  const entries = await fs.readdir(userSetsDir(root), { withFileTypes: true }).catch(() => []);
  const sets: OodSet[] = [];
  for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    const folder = path.join(userSetsDir(root), entry.name);
    const loaded = await loadImageFolder(folder);
    const name = await readCheckedText(path.join(folder, NAME_FILE), 'setName').catch(() => entry.name);
    if (loaded.ok)
      sets.push({ ...loaded.value.set, id: `user-${entry.name}`, name: name.trim() || entry.name });
  }
  return sets;
}

/** Control and bidirectional-override characters: never part of a name shown to people. */
const UNPRINTABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** The set's display name, trimmed; refused when it has no letter or digit or holds control characters. */
function checkSetName(name: string): string {
  const trimmed = name.trim();
  if (!/[\p{L}\p{N}]/u.test(trimmed) || UNPRINTABLE.test(trimmed)) {
    throw new CodedError('invalid_name', `"${name}" cannot name a set: use letters or digits`);
  }
  return trimmed;
}

/** A file's name inside the set folder, or null when it is no safe plain name (`..`, hidden, empty). */
export function safeFileName(name: string): string | null {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/[^\w.-]+/g, '_');
  if (cleaned === '' || cleaned.startsWith('.') || cleaned.length > 255) return null;
  return cleaned;
}

export interface AddedSet {
  id: string;
  added: number;
  failures: { file: string; code: string; message: string }[];
}

/** Adds `files` as a new set named `name`; refused files are reported and not kept. */
export async function addUserSet(
  root: string,
  name: string,
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<Result<AddedSet>> {
  let displayName: string;
  try {
    displayName = checkSetName(name);
  } catch (error) {
    return err('invalid_name', (error as Error).message);
  }
  const slug =
    displayName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'set';
  const id = `${slug}-${crypto.randomBytes(2).toString('hex')}`;
  const temp = path.join(userSetsDir(root), `.${id}`);
  try {
    await fs.mkdir(temp, { recursive: true });
    const { written, failures } = await writeImages(temp, files);
    if (written.size === 0) return err('empty_set', `no usable file among ${files.length}`);
    await writeFileAtomic(path.join(temp, NAME_FILE), displayName);
    const loaded = await loadImageFolder(temp);
    if (!loaded.ok) return loaded;
    for (const failure of loaded.value.failures) {
      await fs.rm(path.join(temp, failure.file), { force: true });
      failures.push({ file: written.get(failure.file) ?? failure.file, ...failure.error });
    }
    await fs.rename(temp, path.join(userSetsDir(root), id));
    return ok({ id: `user-${id}`, added: loaded.value.set.count, failures });
  } finally {
    // Gone after a rename; after any failure the half-built set goes with it.
    await fs.rm(temp, { recursive: true, force: true });
  }
}

/** Writes each file under a safe unique name; returns stored name → given name, and the refused ones. */
async function writeImages(
  folder: string,
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<{ written: Map<string, string>; failures: AddedSet['failures'] }> {
  const written = new Map<string, string>();
  const failures: AddedSet['failures'] = [];
  for (const [i, file] of files.entries()) {
    const safe = safeFileName(file.name);
    if (safe === null) {
      failures.push({ file: file.name, code: 'invalid_name', message: 'not a plain file name' });
      continue;
    }
    const unique = written.has(safe) ? `${i}-${safe}` : safe;
    written.set(unique, file.name);
    await writeFileAtomic(path.join(folder, unique), file.bytes);
  }
  return { written, failures };
}
