import { describe, expect, it } from 'vitest';
import { terminalSafe } from './terminal-text';

describe('terminalSafe', () => {
  it('keeps newlines and tabs, and plain text as it is', () => {
    expect(terminalSafe('a\tb\nc — ü ✓\n')).toBe('a\tb\nc — ü ✓\n');
    expect(terminalSafe('\u0000\u007f\u2066')).toBe('\\x00\\x7f\\u2066');
  });
});
