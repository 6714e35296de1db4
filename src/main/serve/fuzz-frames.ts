// Seeded request frames for the WebSocket fuzz test: schema-valid calls on channels that leave the
// existing models alone, and malformed frames of every kind on every channel, destructive ones too.
import { requestNames, type RequestName } from '../../shared/contract';
import { SMALL_REQUEST_BYTES } from '../../shared/api/limits';
import { encodeArgs, encodeRequest, MAX_HEADER_BYTES, requestFrame } from '../../shared/ws-protocol';
import { Rng } from '../engine/bnn/rng';

export interface FuzzFrame {
  /** The id a reply must carry, or null when the frame hides it. */
  id: number | null;
  data: string | Buffer;
  /** Binary messages sent right after `data`: the bytes its header announces. */
  bytes?: Uint8Array[];
  kind: string;
}

/** Ids that name no model, path tricks among them: a rename or delete with them changes nothing. */
const STRANGER_IDS = ['..', '.', '../models', 'a/../../b', 'nope', 'x'.repeat(128), '%2e%2e', 'NUL', ''];

/** 1×1 PNG, so some checks get as far as the model. */
const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;

function randomBytes(rng: Rng, max: number): Buffer {
  return Buffer.from(Array.from({ length: rng.int(max + 1) }, () => rng.int(256)));
}

function randomText(rng: Rng, max: number): string {
  return Array.from({ length: rng.int(max + 1) }, () => String.fromCharCode(rng.int(0x3000))).join('');
}

/** Share of the valid calls that score a whole MNIST split (each takes most of a second here). */
const SCORING_SHARE = 0.01;

/**
 * A scoring request: the first model or one that does not exist, one sample, any score, so the
 * handlers' caches serve repeats and the run stays short.
 */
function scoringArgs(rng: Rng, modelIds: string[]): [RequestName, unknown[]] {
  const request = {
    modelId: rng.next() < 0.8 ? modelIds[0] : pick(rng, STRANGER_IDS) || 'zz',
    ...(rng.next() < 0.5 ? { score: pick(rng, ['std', 'entropy', 'mutual_information', 'max_prob']) } : {}),
    samples: 1,
  };
  return [pick(rng, ['getUncertaintyReport', 'getTrainScores'] as const), [request]];
}

/**
 * Schema-valid arguments for the channels fuzzed with valid calls. Left out: startTraining (would
 * start trainer processes) and addOodSet (writes sets that every later report scores); renameModel
 * and deleteModel get only ids that name no model.
 */
function validArgs(rng: Rng, modelIds: string[]): [RequestName, unknown[]] {
  if (rng.next() < SCORING_SHARE) return scoringArgs(rng, modelIds);
  const someId = (): string => (rng.next() < 0.6 ? pick(rng, modelIds) : pick(rng, STRANGER_IDS) || 'zz');
  const choices: [RequestName, () => unknown[]][] = [
    ['getSystemInfo', () => []],
    ['getDatasetSummary', () => []],
    ['listPresets', () => []],
    ['listRuns', () => []],
    ['listModels', () => []],
    [
      'getDatasetImages',
      () => [{ split: pick(rng, ['train', 'test']), indices: [rng.int(60_000), rng.int(10_000)] }],
    ],
    ['modelHistory', () => [{ id: someId() }]],
    ['setActiveModel', () => [{ id: someId() }]],
    ['exportModel', () => [{ id: someId(), mode: pick(rng, ['download', 'dialog']) }]],
    ['pauseTraining', () => [{ runId: randomText(rng, 8) || 'r' }]],
    ['stopTraining', () => [{ runId: randomText(rng, 8) || 'r' }]],
    ['resumeTraining', () => [{ runId: randomText(rng, 8) || 'r' }]],
    ['renameModel', () => [{ id: pick(rng, STRANGER_IDS) || 'zz', name: randomText(rng, 20).trim() || 'n' }]],
    ['deleteModel', () => [{ id: pick(rng, STRANGER_IDS) || 'zz' }]],
    ['importModel', () => [{ fileName: 'x.safetensors', data: randomBytes(rng, 64) }]],
    [
      'checkImages',
      () => [
        {
          files: [
            {
              name: 'a.png',
              dataBase64: rng.next() < 0.5 ? TINY_PNG : randomBytes(rng, 40).toString('base64'),
            },
          ],
          ...(rng.next() < 0.5 ? { modelId: someId() } : {}),
          samples: 1 + rng.int(2),
        },
      ],
    ],
  ];
  const [channel, make] = pick(rng, choices);
  return [channel, make()];
}

/**
 * Arguments no schema accepts, for any channel: wrong shapes, types, sizes and nesting. Objects
 * carry a bad `samples` too, since the scoring requests' schemas drop unknown keys.
 */
function wrongArgs(rng: Rng): string {
  const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
  const json = (args: unknown[]): string => encodeArgs(args).text;
  return pick(rng, [
    () => json([{ id: rng.int(1000), samples: 'many' }]),
    () => json([{ id: ['a'], name: null, files: 'x', samples: -1 }]),
    () => json([null, null, null, null, null, null, null, null, null]),
    () => JSON.stringify({ notAnArray: true }),
    () => JSON.stringify('just a string'),
    () => json([{ samples: 1e9, split: 'both', indices: [-1, 1.5, 1e9] }]),
    () => '[{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"samples":-1}]',
    () => deep(5000),
    () => json([{ fileName: '../../etc/passwd', data: { $bytes: 0 }, samples: 0 }]),
  ])();
}

/**
 * A frame announcing `announced` bytes for placeholder `index`, then `sent` as one binary message.
 * The bad `samples` keeps a scoring request from running if its bytes are accepted.
 */
function upload(id: number, channel: string, announced: number, index: number, sent: Buffer): FuzzFrame {
  const args = JSON.stringify([{ fileName: 'x.safetensors', data: { $bytes: index }, samples: -1 }]);
  return {
    id,
    data: encodeRequest({ id, channel, bytes: [announced] }, args),
    bytes: [sent],
    kind: `upload of ${sent.length} bytes, ${announced} announced, placeholder ${index}`,
  };
}

/** A frame that is broken at the transport level or in its arguments, for a random channel. */
function malformed(rng: Rng, id: number): FuzzFrame {
  const channel = pick(rng, requestNames);
  const header = (h: unknown): string => JSON.stringify(h);
  const variants: (() => FuzzFrame)[] = [
    () => ({ id: null, data: randomBytes(rng, 200), kind: 'random bytes' }),
    () => ({ id: null, data: randomText(rng, 200).replace(/\n/g, ''), kind: 'random text' }),
    () => ({ id, data: `${header({ id, channel })}\n${randomText(rng, 50)}{`, kind: 'arguments not JSON' }),
    () => ({ id, data: encodeRequest({ id, channel: randomText(rng, 30) }, '[]'), kind: 'unknown channel' }),
    () => ({ id, data: encodeRequest({ id, channel }, wrongArgs(rng)), kind: 'wrong arguments' }),
    () => ({
      id: null,
      data: `${header({ id: pick(rng, [-1, 1.5, '7', null]), channel })}\n[]`,
      kind: 'bad id',
    }),
    () => ({ id, data: `${header({ id, channel: 12 })}\n[]`, kind: 'bad header' }),
    () => ({ id: null, data: `${' '.repeat(MAX_HEADER_BYTES + 1)}\n[]`, kind: 'header too long' }),
    () => ({
      id,
      data: encodeRequest(
        { id, channel: pick(rng, ['deleteModel', 'renameModel', 'getSystemInfo']) },
        encodeArgs(['x'.repeat(SMALL_REQUEST_BYTES)]).text,
      ),
      kind: 'too large for its channel',
    }),
  ];
  return pick(rng, variants)();
}

/** Every UPLOAD_EVERY-th frame id: a malformed frame becomes a broken upload instead. */
const UPLOAD_EVERY = 8;

/** An upload that goes wrong, drawn from its own stream so the seeded run's other frames stay put. */
function brokenUpload(id: number): FuzzFrame {
  const rng = new Rng(id);
  const channel = pick(rng, requestNames);
  return rng.next() < 0.5
    ? upload(id, channel, 4, 0, Buffer.concat([Buffer.alloc(5), randomBytes(rng, 40)]))
    : upload(id, channel, 3, 1 + rng.int(5), Buffer.alloc(3, 7));
}

/** `count` frames, about a third of them schema-valid calls, with ids 1…count. */
export function fuzzFrames(rng: Rng, count: number, modelIds: string[]): FuzzFrame[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i + 1;
    if (rng.next() < 0.35) {
      const [channel, args] = validArgs(rng, modelIds);
      const encoded = encodeArgs(args);
      return {
        id,
        data: requestFrame({ id, channel }, encoded),
        // As RequestSender sends them: an empty byte array takes no message.
        bytes: encoded.bytes.filter((part) => part.length > 0),
        kind: `valid ${channel}`,
      };
    }
    const frame = malformed(rng, id);
    return id % UPLOAD_EVERY === 0 ? brokenUpload(id) : frame;
  });
}
