// How `unsure train` reports: JSON lines (--json), a progress bar with ETA on a terminal, or plain
// log lines when piped. Each reporter prints one line per new metrics record and a closing line.
import cliProgress from 'cli-progress';
import type { MetricsRecord, SplitMetrics, TrainProgress } from '../../shared/training';
import type { CliIo } from './io';
import type { TrainRunResult } from './services';

export interface TrainReporter {
  progress(progress: TrainProgress): void;
  finish(result: TrainRunResult): void;
}

/** The article's metric names, in the order the JSON lines use. */
function split(m: SplitMetrics): SplitMetrics {
  return {
    accuracy: m.accuracy,
    elbo: m.elbo,
    log_likelihood: m.log_likelihood,
    kl_divergence: m.kl_divergence,
    mean_approximate_evidence: m.mean_approximate_evidence,
  };
}

function summaryLine(m: MetricsRecord, total: number, stepsPerSecond: number): string {
  const t = m.test;
  return (
    `step ${m.step}/${total}  test acc ${t.accuracy.toFixed(4)}  elbo ${t.elbo.toFixed(4)}  ` +
    `log-lik ${t.log_likelihood.toFixed(4)}  kl ${t.kl_divergence.toFixed(2)}  ` +
    `train acc ${m.train.accuracy.toFixed(4)}  ${stepsPerSecond.toFixed(0)} steps/s`
  );
}

/** Calls `onRecord` once per metrics record, however often progress repeats it. */
function newRecords(onRecord: (m: MetricsRecord, p: TrainProgress) => void): (p: TrainProgress) => void {
  let lastStep = -1;
  return (p) => {
    if (p.metrics && p.metrics.step !== lastStep) {
      lastStep = p.metrics.step;
      onRecord(p.metrics, p);
    }
  };
}

function resultFields(result: TrainRunResult): Record<string, unknown> {
  return {
    done: true,
    model: result.modelDir,
    status: result.status,
    step: result.step,
    backend: result.backend,
    seconds: Number(result.seconds.toFixed(3)),
    ...(result.final ? { train: split(result.final.train), test: split(result.final.test) } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

/** One JSON object per log line, then `{"done": true, "model": DIR, ...}`. */
export function jsonReporter(io: CliIo): TrainReporter {
  const onRecord = newRecords((m, p) => {
    const line = {
      step: m.step,
      steps_per_second: Number(p.stepsPerSecond.toFixed(2)),
      backend: p.backend,
      train: split(m.train),
      test: split(m.test),
    };
    io.stdout(`${JSON.stringify(line)}\n`);
  });
  return { progress: onRecord, finish: (result) => io.stdout(`${JSON.stringify(resultFields(result))}\n`) };
}

function closingLine(result: TrainRunResult): string {
  if (result.status === 'failed')
    return `training failed at step ${result.step}: ${result.error?.message ?? 'unknown error'}`;
  const acc = result.final ? `, test accuracy ${result.final.test.accuracy.toFixed(4)}` : '';
  const verb = result.status === 'complete' ? 'trained' : 'stopped at';
  return `${verb} step ${result.step} in ${result.seconds.toFixed(1)} s on ${result.backend}${acc}\nmodel: ${result.modelDir}`;
}

/** Plain log lines, for pipes and logs. */
export function plainReporter(io: CliIo): TrainReporter {
  const onRecord = newRecords((m, p) => io.stdout(`${summaryLine(m, p.totalSteps, p.stepsPerSecond)}\n`));
  return { progress: onRecord, finish: (result) => io.stdout(`${closingLine(result)}\n`) };
}

/** A progress bar with steps/s and ETA; metrics lines are printed above it. */
export function barReporter(io: CliIo): TrainReporter {
  const multi = new cliProgress.MultiBar(
    {
      stream: io.progressStream,
      format: 'training |{bar}| {percentage}% | step {value}/{total} | {speed} steps/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  const onRecord = newRecords((m, p) => multi.log(`${summaryLine(m, p.totalSteps, p.stepsPerSecond)}\n`));
  return {
    progress(p) {
      bar ??= multi.create(p.totalSteps, 0, { speed: '0' });
      bar.update(p.step, { speed: p.stepsPerSecond.toFixed(0) });
      onRecord(p);
    },
    finish(result) {
      multi.stop();
      io.stdout(`${closingLine(result)}\n`);
    },
  };
}
