// What every command gets: io, the engine services, where models live, and how to resolve --model.
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/result';
import { MAX_SAMPLES } from '../../shared/api/limits';
import { parseScoreName, type ScoreName } from '../../shared/uncertainty/scores';
import {
  defaultModelDir,
  isModelId,
  loadActiveModel,
  loadModel,
  modelsDir,
  resolveDataRoot,
  type LoadedModel,
} from '../engine/store';
import { UsageError, type CliIo } from './io';
import type { CliServices } from './services';

export interface CliContext {
  io: CliIo;
  services: CliServices;
  /** The data root, shared with serve and the desktop app (see resolveDataRoot). */
  root: string;
  /** The shipped default model, or null when the resources folder is missing. */
  defaultDir: string | null;
  /** Sets the process exit code the command ends with. */
  setExitCode(code: number): void;
}

export function createContext(
  io: CliIo,
  services: CliServices,
  setExitCode: (code: number) => void,
): CliContext {
  return {
    io,
    services,
    root: resolveDataRoot({ env: io.env }),
    defaultDir: defaultModelDir({ env: io.env }),
    setExitCode,
  };
}

/** A model given as a folder path or as an id in the models root; absent means active, then default. */
export async function resolveModel(ctx: CliContext, arg: string | undefined): Promise<LoadedModel> {
  if (arg === undefined) {
    const active = await loadActiveModel(ctx.root, ctx.defaultDir);
    if (active.fallbackReason) ctx.io.stderr(`unsure: ${active.fallbackReason}; using the default model\n`);
    return active.model;
  }
  const byId = isModelId(arg) ? path.join(modelsDir(ctx.root), arg) : null;
  const dir = byId && !fs.existsSync(path.resolve(ctx.io.cwd, arg)) ? byId : path.resolve(ctx.io.cwd, arg);
  if (!fs.existsSync(dir)) throw new CodedError('not_found', `no model folder or id "${arg}"`);
  return loadModel(dir);
}

/** Parses --samples: a whole number from 1 to MAX_SAMPLES, the same bound as the app's requests. */
export function parseSamples(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLES) {
    throw new UsageError(`--samples expects a whole number from 1 to ${MAX_SAMPLES}, got "${text}"`);
  }
  return n;
}

/** Parses --score: std, entropy, mi or maxprob (the long names work too). */
export function parseScore(text: string | undefined, fallback: ScoreName): ScoreName {
  if (text === undefined) return fallback;
  const name = parseScoreName(text);
  if (!name) throw new UsageError(`--score must be std, entropy, mi or maxprob, got "${text}"`);
  return name;
}
