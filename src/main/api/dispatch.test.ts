import { describe, expect, it } from 'vitest';
import { CodedError, ok } from '../../shared/result';
import { dispatch, EventHub, type Handlers } from './dispatch';
import { createHandlers } from './handlers';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const base = createHandlers({
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: '/nonexistent',
    resourcesDir: '/nonexistent',
    events: new EventHub(),
    dialogs: null,
  });
  return { ...base, ...overrides };
}

describe('dispatch', () => {
  it('refuses channels that are not in the contract', async () => {
    const result = await dispatch(handlers(), 'eval', []);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses arguments that do not match the schema, naming the field', async () => {
    const result = await dispatch(handlers(), 'renameModel', [{ id: 'a', name: 42 }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(!result.ok && result.error.message).toContain('name');
  });

  it('turns a thrown CodedError into a result with its code', async () => {
    const throwing = handlers({
      listModels: () => Promise.reject(new CodedError('model_invalid', 'broken model.json')),
    });
    const result = await dispatch(throwing, 'listModels', []);
    expect(result).toEqual({ ok: false, error: { code: 'model_invalid', message: 'broken model.json' } });
  });

  it('refuses a handler result that breaks the contract', async () => {
    const wrong = handlers({ listModels: () => Promise.resolve(ok([{ id: 1 }] as never)) });
    const result = await dispatch(wrong, 'listModels', []);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_result' } });
  });

  it('answers getSystemInfo with the backend and the MNIST files', async () => {
    const result = await dispatch(handlers(), 'getSystemInfo', []);
    expect(result.ok).toBe(true);
    expect(result.ok && result.value).toMatchObject({ appVersion: '0.0.0-test', mnist: { found: true } });
  });
});

describe('EventHub', () => {
  it('validates payloads and delivers them to every sink until removed', () => {
    const hub = new EventHub();
    const seen: string[] = [];
    const remove = hub.add((event, payload) => seen.push(`${event}:${JSON.stringify(payload)}`));
    hub.emit('modelsChanged', { reason: 'import' });
    remove();
    hub.emit('modelsChanged', { reason: 'delete' });
    expect(seen).toEqual(['modelsChanged:{"reason":"import"}']);
    expect(() => hub.emit('modelsChanged', { nope: true } as never)).toThrow();
  });
});

describe('dataset handlers', () => {
  it('returns the requested thumbnails with their labels, 784 bytes each', async () => {
    const result = await dispatch(handlers(), 'getDatasetImages', [{ split: 'test', indices: [0, 9999] }]);
    expect(result.ok).toBe(true);
    const value = result.ok ? (result.value as { labels: number[]; pixelsBase64: string }) : null;
    // The first MNIST test digit is a 7, the last a 6.
    expect(value?.labels).toEqual([7, 6]);
    expect(Buffer.from(value?.pixelsBase64 ?? '', 'base64').length).toBe(2 * 784);
  });

  it('refuses more than 512 indices at once', async () => {
    const result = await dispatch(handlers(), 'getDatasetImages', [
      { split: 'train', indices: Array(513).fill(0) },
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  });
});
