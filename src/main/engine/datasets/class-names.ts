// The class names of an import: given (--classes), else a classes.txt in the folder (one name a
// line, in label order), else the labels' own numbers ("0", "1", …). Folder sets use their
// subfolders' names unless names are given.
import fs from 'node:fs';
import path from 'node:path';
import { toApiError } from '../../../shared/result';
import { readCheckedText } from '../files/safe-read';
import { datasetError } from './store';

export const CLASSES_FILE = 'classes.txt';

/** Checks names for `count` classes: 2 or more, 1–64 characters, no two alike. */
export function checkClassNames(names: readonly string[], count: number, from: string): string[] {
  const cleaned = names.map((n) => n.trim());
  if (count < 2) throw datasetError('import_invalid', `the dataset has fewer than two classes (${count})`);
  if (cleaned.length !== count) {
    throw datasetError(
      'import_invalid',
      `${from} gives ${cleaned.length} class names; the dataset has ${count} classes`,
    );
  }
  const bad = cleaned.find((n) => n.length === 0 || n.length > 64);
  if (bad !== undefined)
    throw datasetError('import_invalid', `${from}: class names must be 1–64 characters ("${bad}")`);
  const twice = cleaned.find((n, i) => cleaned.indexOf(n) !== i);
  if (twice !== undefined)
    throw datasetError('import_invalid', `${from}: the class name "${twice}" is given twice`);
  return cleaned;
}

async function readClassesFile(file: string): Promise<string[]> {
  try {
    const text = await readCheckedText(file, 'datasetManifest', { followLinks: true });
    return text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  } catch (error) {
    throw datasetError('import_invalid', `${CLASSES_FILE}: ${toApiError(error).message}`);
  }
}

/** Class names for labels 0…maxLabel of an IDX set in `dir`. */
export async function resolveClassNames(
  options: { classes?: readonly string[]; classesFrom?: string },
  dir: string,
  maxLabel: number,
): Promise<string[]> {
  const count = maxLabel + 1;
  if (options.classes) {
    // More names than labels seen is allowed: a class may simply have no examples in the files.
    const from = options.classesFrom ?? '--classes';
    return checkClassNames(options.classes, Math.max(count, options.classes.length), from);
  }
  const file = path.join(dir, CLASSES_FILE);
  if (fs.existsSync(file)) return checkClassNames(await readClassesFile(file), count, CLASSES_FILE);
  return checkClassNames(
    Array.from({ length: count }, (_, i) => String(i)),
    count,
    'the labels',
  );
}
