// The handful of tensor operations the training step needs, behind one interface so the step's
// math is written once and runs either eagerly (tfjs ops, any backend) or as a TensorFlow graph
// built once and executed in one session call per step (graph/, native backend only).

/** Tensor operations over handles of type T (tfjs tensors, or node names in a graph). */
export interface Ops<T> {
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** a × c for a constant number c. */
  scale(a: T, c: number): T;
  exp(a: T): T;
  sqrt(a: T): T;
  square(a: T): T;
  relu(a: T): T;
  matMul(a: T, b: T, transposeA?: boolean, transposeB?: boolean): T;
  /** Sum over the first axis. */
  sumRows(a: T): T;
  split(a: T, sizes: number[], axis?: number): T[];
  reshape(a: T, shape: number[]): T;
  /** Concatenates 1-D tensors. */
  concat(parts: T[]): T;
  /** dL/dz through ReLU from dL/dh and h = relu(z). */
  reluBackward(dh: T, h: T): T;
  /** softmax(logits) − y. */
  softmaxMinusLabels(logits: T, y: T): T;
  /** Standard-normal noise of a shape, fixed by the step's seed (one call per step). */
  normal(shape: number[]): T;
}
