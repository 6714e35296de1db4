import { describe, expect, it } from 'vitest';
import { importFailureText } from './import-text';

describe('import failure text', () => {
  it('names the file once and says in plain words that it is not an Unsure posterior', () => {
    const text = importFailureText('junk.safetensors', {
      code: 'import_invalid',
      message: 'not an Unsure posterior file: safetensors: the file is too short',
    });
    expect(text).toBe(
      'junk.safetensors was not imported: it is not a posterior exported by Unsure (safetensors: the file is too short).',
    );
    expect(text.split('junk.safetensors')).toHaveLength(2);
  });

  it('says which model already holds an identical posterior', () => {
    const text = importFailureText('copy.safetensors', {
      code: 'already_imported',
      message: 'it holds the same posterior as “robust”, already in the list',
    });
    expect(text).toBe(
      'copy.safetensors was not imported: it holds the same posterior as “robust”, already in the list.',
    );
  });
});
