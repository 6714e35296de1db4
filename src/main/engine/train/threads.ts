// TensorFlow's intra-op thread pool splits every element-wise op of the step across threads; for
// this engine's tensors (≤ a few MB) the hand-off costs more than it saves, most of all on a busy
// machine. Measured here (2 cores, load ~6), graph step, 784-64-64-10, batch 128:
// weight 278 → 401 steps/s, local 327 → 507 steps/s; 400-400 local 51 → 55 steps/s.
// Independent ops still run in parallel on the inter-op pool. Must run before tfjs-node loads;
// an explicit TF_NUM_INTRAOP_THREADS in the environment wins.

/** Defaults TensorFlow to one thread per op (call before the native backend is loaded). */
export function preferSingleThreadedOps(): void {
  process.env.TF_NUM_INTRAOP_THREADS ??= '1';
}
