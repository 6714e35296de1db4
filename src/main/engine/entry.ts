// Finding the separately bundled entries (trainer process, scoring worker) from engine code.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The bundled `<name>.js` beside the calling code (`from`) or, when the bundler put that code in
 * out/main/chunks, one folder up; else the TS source src/main/<name>.ts, two folders above an
 * engine/<concern> folder (tests, benches).
 */
export function findEntry(name: string, from: string): { file: string; bundled: boolean } {
  for (const dir of [from, path.dirname(from)]) {
    const bundled = path.join(dir, `${name}.js`);
    if (fs.existsSync(bundled)) return { file: bundled, bundled: true };
  }
  return { file: path.resolve(from, '..', '..', `${name}.ts`), bundled: false };
}
