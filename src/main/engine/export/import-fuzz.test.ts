// Bounded, seeded fuzzing of the real import path: a few hundred mutated posterior files (bit flips,
// truncation, header JSON edits, huge shapes, NaN/Inf/3e38 values, other dtypes) against a data
// folder holding two models. Every import answers with a result, nothing non-finite gets in, and
// the models already there stay byte-for-byte as they were.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../format/safetensors';
import { writeFakeModel } from '../store/fixtures';
import { loadModel, setActive } from '../store';
import { assertFiniteAnswers } from '../uncertainty/finite-answers';
import { exportModel, importModelBytes, importModelFile } from './index';

const MUTANTS = 300;

let root: string;
let base: Buffer;
let before: Map<string, string>;

/** Deterministic pseudo-random numbers, so a failing mutant can be replayed from its index. */
function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every file under the data root except the models imports add, with its bytes. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
    const file = path.join(root, rel);
    if (fs.statSync(file).isFile()) files.set(rel, fs.readFileSync(file).toString('base64'));
  }
  return files;
}

type Header = Record<string, unknown>;

/** The export split into its JSON header and its data, and put back together after an edit. */
function editHeader(
  bytes: Buffer,
  edit: (header: Header, pick: () => number) => void,
  pick: () => number,
): Buffer {
  const length = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')) as Header;
  edit(header, pick);
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([prefix, json, bytes.subarray(8 + length)]);
}

function tensorNames(header: Header): string[] {
  return Object.keys(header).filter((k) => k !== '__metadata__');
}

const headerEdits: ((h: Header, pick: () => number) => void)[] = [
  (h, pick) => {
    const name = tensorNames(h)[Math.floor(pick() * tensorNames(h).length)]!;
    (h[name] as { shape: number[] }).shape = [1e9, 1e9];
  },
  (h, pick) => {
    const name = tensorNames(h)[Math.floor(pick() * tensorNames(h).length)]!;
    (h[name] as { dtype: string }).dtype = ['F16', 'F64', 'I32', 'BF16', ''][Math.floor(pick() * 5)]!;
  },
  (h, pick) => {
    delete h[tensorNames(h)[Math.floor(pick() * tensorNames(h).length)]!];
  },
  (h, pick) => {
    const name = tensorNames(h)[Math.floor(pick() * tensorNames(h).length)]!;
    (h[name] as { data_offsets: number[] }).data_offsets = [0, Math.floor(pick() * 2 ** 40)];
  },
  (h) => {
    h['layers.9.weight.mean'] = { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] };
  },
  (h, pick) => {
    const meta = h.__metadata__ as Record<string, string>;
    const config = JSON.parse(meta.config!) as Record<string, unknown>;
    config.hidden = [[16], [], [8, 8], [4096, 4096, 4096], [-1], [1e9]][Math.floor(pick() * 6)];
    meta.config = JSON.stringify(config);
  },
  (h, pick) => {
    const meta = h.__metadata__ as Record<string, unknown>;
    const key = ['config', 'format', 'version', 'metrics', 'calibration', 'step', 'name'][
      Math.floor(pick() * 7)
    ]!;
    meta[key] = [undefined, '', '{', 'null', '[]', 42, 'x'.repeat(5000)][Math.floor(pick() * 7)];
  },
  (h) => {
    h.__metadata__ = 'not an object';
  },
];

const POISON = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3e38, -3e38];

/** Mutant `i`: one of six kinds of damage, chosen and placed by the seeded generator. */
function mutant(i: number): Buffer {
  const pick = rng(i + 1);
  const bytes = Buffer.from(base);
  switch (i % 6) {
    case 0: {
      for (let flips = 1 + Math.floor(pick() * 8); flips > 0; flips--) {
        const at = Math.floor(pick() * bytes.length);
        bytes[at]! ^= 1 << Math.floor(pick() * 8);
      }
      return bytes;
    }
    case 1:
      return bytes.subarray(0, Math.floor(pick() * bytes.length));
    case 2:
      return editHeader(bytes, headerEdits[Math.floor(pick() * headerEdits.length)]!, pick);
    case 3: {
      const file = decodeSafetensors(bytes);
      const tensor = file.tensors[Math.floor(pick() * file.tensors.length)]!;
      tensor.data[Math.floor(pick() * tensor.data.length)] = POISON[Math.floor(pick() * POISON.length)]!;
      return encodeSafetensors(file.tensors, file.metadata);
    }
    case 4: {
      bytes.writeBigUInt64LE(BigInt(Math.floor(pick() * 2 ** 52)), 0);
      return bytes;
    }
    default: {
      // Many finite but huge values: the kind of posterior that answers NaN.
      const file = decodeSafetensors(bytes);
      const tensor = file.tensors[Math.floor(pick() * file.tensors.length)]!;
      tensor.data.fill(pick() < 0.5 ? 3e38 : 1e30);
      return encodeSafetensors(file.tensors, file.metadata);
    }
  }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-import-fuzz-'));
  const alpha = await writeFakeModel(root, { id: 'alpha', hidden: [8] });
  await writeFakeModel(root, { id: 'beta', hidden: [8, 4], seed: 2 });
  await setActive(root, 'beta');
  const out = path.join(os.tmpdir(), `unsure-fuzz-base-${process.pid}.safetensors`);
  expect((await exportModel(alpha, out, '9.9.9')).ok).toBe(true);
  base = fs.readFileSync(out);
  fs.rmSync(out);
  before = snapshot();
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('import fuzzing', () => {
  it(`answers ${MUTANTS} mutated posterior files with results, lets nothing non-finite in, and keeps the models`, async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-fuzz-files-'));
    const outcomes = { accepted: 0, refused: 0 };
    try {
      for (let i = 0; i < MUTANTS; i++) {
        const bytes = mutant(i);
        const file = path.join(scratch, `m${i}.safetensors`);
        fs.writeFileSync(file, bytes);
        // Half through the CLI's path (a file, header first), half through the app's (bytes).
        const result = await (
          i % 2 === 0 ? importModelFile(root, file) : importModelBytes(root, bytes)
        ).catch((error: unknown) => ({ thrown: error }));
        expect(result, `mutant ${i} threw`).not.toHaveProperty('thrown');
        if (!('ok' in result)) continue;
        if (!result.ok) {
          expect(result.error.code, `mutant ${i}`).toMatch(/^[a-z_]+$/);
          outcomes.refused++;
          continue;
        }
        outcomes.accepted++;
        const model = await loadModel(result.value.dir);
        for (const t of model.posterior) expect(t.data.every(Number.isFinite), `mutant ${i}`).toBe(true);
        await expect(assertFiniteAnswers(model), `mutant ${i}`).resolves.toBeUndefined();
        fs.rmSync(result.value.dir, { recursive: true });
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    expect(outcomes.refused).toBeGreaterThan(MUTANTS / 2);
    expect(snapshot()).toEqual(before);
    expect(fs.readdirSync(path.join(root, 'models')).sort()).toEqual(['alpha', 'beta']);
  });
});
