import { describe, expect, it } from 'vitest';
import { tabKeyTarget } from './tabs';

describe('tabKeyTarget', () => {
  it('moves right and left, wrapping at both ends', () => {
    expect(tabKeyTarget('ArrowRight', 2, 6)).toBe(3);
    expect(tabKeyTarget('ArrowRight', 5, 6)).toBe(0);
    expect(tabKeyTarget('ArrowLeft', 0, 6)).toBe(5);
  });

  it('jumps to the first and last tab with Home and End', () => {
    expect(tabKeyTarget('Home', 4, 6)).toBe(0);
    expect(tabKeyTarget('End', 1, 6)).toBe(5);
  });

  it('ignores other keys, so Tab leaves the tab list', () => {
    expect(tabKeyTarget('Tab', 1, 6)).toBeNull();
    expect(tabKeyTarget('ArrowDown', 1, 6)).toBeNull();
  });
});
