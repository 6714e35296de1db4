// --max-error X and --min-kept Y on `unsure check` and `unsure eval`: a threshold with a promise,
// fitted on the calibration split (evaluate/guarantee.ts). Both take a percentage ("1" or "1%" is
// 1%), checked by the same schema as the Uncertainty view's request.
import type { Command } from 'commander';
import type { GuaranteeReport } from '../../shared/api/uncertainty';
import { measuredText, promiseText, SEEN_CALIBRATION_WARNING } from '../../shared/guarantee-text';
import { GuaranteeTarget } from '../../shared/uncertainty/guarantee';
import { UsageError } from './io';

export interface GuaranteeFlags {
  maxError?: string;
  minKept?: string;
}

/** Adds the two flags to a command. */
export function addGuaranteeOptions(command: Command): Command {
  return command
    .option(
      '--max-error <X>',
      'threshold promising at most X% of digits accepted with a wrong answer (fitted on held-out digits)',
    )
    .option(
      '--min-kept <Y>',
      'threshold promising to keep at least Y% of digits (fitted on held-out digits)',
    );
}

function parsePercent(flag: string, kind: GuaranteeTarget['kind'], text: string): GuaranteeTarget {
  const match = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*%?\s*$/.exec(text);
  const parsed = GuaranteeTarget.safeParse({ kind, percent: match ? Number(match[1]) : Number.NaN });
  if (!parsed.success) {
    throw new UsageError(`${flag} expects a percentage above 0 and below 100 (1 means 1%), got "${text}"`);
  }
  return parsed.data;
}

/** The promise the flags state, or null; both at once is a usage error. */
export function parseGuaranteeFlags(flags: GuaranteeFlags): GuaranteeTarget | null {
  if (flags.maxError !== undefined && flags.minKept !== undefined) {
    throw new UsageError('--max-error and --min-kept each choose the threshold: give one of them');
  }
  if (flags.maxError !== undefined) return parsePercent('--max-error', 'max_error', flags.maxError);
  if (flags.minKept !== undefined) return parsePercent('--min-kept', 'min_kept', flags.minKept);
  return null;
}

/** The fitted threshold, its promise and what it does, in lines for people. */
export function guaranteeLines(g: Omit<GuaranteeReport, 'test'> & { test: GuaranteeReport['test'] | null }) {
  const lines = [
    `threshold ${g.score} ${g.threshold.toFixed(4)}: promised ${promiseText(g.target)} (marginal guarantee, fitted on ${g.calibration.count} held-out training digits)`,
    `  on those digits: ${measuredText(g.calibration, 'calibration digits')}`,
  ];
  if (g.test) lines.push(`  measured: ${measuredText(g.test, 'test digits')}`);
  if (g.seenInTraining) lines.push(`  warning: ${SEEN_CALIBRATION_WARNING}`);
  return lines;
}
