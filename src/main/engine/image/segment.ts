// Finds the digits of a written number in its ink mask: 8-connected pieces of ink, specks dropped,
// pieces of one digit joined (a stroke broken by the pen, a 4 written in two strokes), a piece too wide
// for one digit cut at its columns of least ink (digits written touching), ordered left to right.

import { componentsOf, type Component } from './pixels';

/** A rectangle of the working image, inclusive of left/top, `width` × `height` pixels. */
export interface InkBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One digit: its box and the ink pixels that belong to it (1 = its ink), over the whole image. */
export interface InkSegment {
  box: InkBox;
  mask: Uint8Array;
}

/** Pieces under this share of the largest piece's area are specks (the single-digit crop's own rule). */
export const SPECK_SHARE = 0.05;
/** Two pieces are one digit when their columns overlap by at least this share of the narrower one. */
const OVERLAP_SHARE = 0.5;
/** A piece this small (area share of the largest group) and short belongs to the digit next to it. */
const SMALL_SHARE = 0.15;
const SHORT_SHARE = 0.6;
/** ... when it lies within this share of the tallest digit's height of it; farther away it is noise. */
const NEAR_SHARE = 0.5;
/** Wider than this × the digits' height holds several digits; a digit is about 0.7 × as wide as tall. */
const SPLIT_ASPECT = 1.1;
const DIGIT_ASPECT = 0.7;
/** Two touching digits are at least this × as wide as tall (two 1s aside): half of 0.7 each, plus a joint. */
const PAIR_ASPECT = 0.8;
/**
 * Beside other digits, a piece at least 0.8 × as wide as tall and 1.5 × as wide as the widest of them
 * holds several (a narrow 0 touching a 3 is no wider than tall); 1s (under 0.45 × as wide as tall) are
 * no measure of a digit's width.
 */
const WIDER_THAN_OTHERS = 1.5;
const MIN_SPLIT_ASPECT = 0.8;
const NARROW_ASPECT = 0.45;
/**
 * Touching digits of a number stand side by side at about the same height: a cut leaving a part
 * shorter than this share of the piece is through one slanted or wide digit (a leaning 8, a long-tailed 2).
 */
const PART_HEIGHT_SHARE = 0.75;
/** A cut is searched within this share of one digit's width of where an even split would put it. */
const CUT_WINDOW = 0.3;

interface Group {
  ids: number[];
  left: number;
  right: number;
  top: number;
  bottom: number;
  area: number;
}

const widthOf = (g: Group): number => g.right - g.left + 1;
const heightOf = (g: Group): number => g.bottom - g.top + 1;

function join(a: Group, b: Group): Group {
  return {
    ids: [...a.ids, ...b.ids],
    left: Math.min(a.left, b.left),
    right: Math.max(a.right, b.right),
    top: Math.min(a.top, b.top),
    bottom: Math.max(a.bottom, b.bottom),
    area: a.area + b.area,
  };
}

function columnOverlap(a: Group, b: Group): number {
  return Math.min(a.right, b.right) - Math.max(a.left, b.left) + 1;
}

/** Distance between two boxes (0 when they touch or overlap). */
function gap(a: Group, b: Group): number {
  const dx = Math.max(0, Math.max(a.left, b.left) - Math.min(a.right, b.right));
  const dy = Math.max(0, Math.max(a.top, b.top) - Math.min(a.bottom, b.bottom));
  return Math.hypot(dx, dy);
}

/**
 * Two pieces each at least this share of the height they span together stand side by side (a slanted 1
 * beside an 8 shares its columns), not one above the other.
 */
const SIDE_BY_SIDE_SHARE = 0.8;

/** Whether two pieces are parts of one digit written one above the other. */
function stacked(a: Group, b: Group): boolean {
  if (columnOverlap(a, b) < OVERLAP_SHARE * Math.min(widthOf(a), widthOf(b))) return false;
  const span = Math.max(a.bottom, b.bottom) - Math.min(a.top, b.top) + 1;
  return Math.min(heightOf(a), heightOf(b)) < SIDE_BY_SIDE_SHARE * span;
}

/** Joins groups whose columns overlap, until none do: the pieces of a digit written one above the other. */
function joinOverlapping(groups: Group[]): Group[] {
  const out = [...groups];
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        const [a, b] = [out[i]!, out[j]!];
        if (stacked(a, b)) {
          out.splice(j, 1);
          out[i] = join(a, b);
          merged = true;
        }
      }
    }
  }
  return out;
}

/** Small, short pieces join the nearest digit when close to it, and are dropped as noise otherwise. */
function joinSmall(groups: Group[]): Group[] {
  const largest = Math.max(...groups.map((g) => g.area));
  const tallest = Math.max(...groups.map(heightOf));
  const isSmall = (g: Group): boolean =>
    g.area < SMALL_SHARE * largest && heightOf(g) < SHORT_SHARE * tallest;
  const big = groups.filter((g) => !isSmall(g));
  for (const piece of groups.filter(isSmall)) {
    let nearest = -1;
    for (let i = 0; i < big.length; i++) {
      if (nearest < 0 || gap(piece, big[i]!) < gap(piece, big[nearest]!)) nearest = i;
    }
    if (nearest >= 0 && gap(piece, big[nearest]!) <= NEAR_SHARE * tallest)
      big[nearest] = join(big[nearest]!, piece);
  }
  return big;
}

/** The group's own ink pixels, over the whole image. */
function groupMask(group: Group, labels: Int32Array): Uint8Array {
  // A table by label, not a Set: this runs once per pixel of the picture for every group.
  const ids = new Uint8Array(Math.max(0, ...group.ids) + 1);
  for (const id of group.ids) ids[id] = 1;
  const mask = new Uint8Array(labels.length);
  for (let p = 0; p < labels.length; p++) {
    const id = labels[p]!;
    if (id < ids.length && ids[id]) mask[p] = 1;
  }
  return mask;
}

/** The bounding box of the mask's pixels in columns [from, to], or null when there are none. */
function boxOf(mask: Uint8Array, width: number, from: number, to: number): InkBox | null {
  let [top, bottom, left, right] = [Infinity, -1, Infinity, -1];
  for (let p = 0; p < mask.length; p++) {
    const x = p % width;
    if (!mask[p] || x < from || x > to) continue;
    const y = (p - x) / width;
    [top, bottom] = [Math.min(top, y), Math.max(bottom, y)];
    [left, right] = [Math.min(left, x), Math.max(right, x)];
  }
  return bottom < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** Where to cut a piece holding `count` touching digits: at each expected joint, the column of least ink. */
function cuts(mask: Uint8Array, width: number, group: Group, count: number): number[] {
  const ink = new Uint32Array(width);
  for (let p = 0; p < mask.length; p++) if (mask[p]) ink[p % width]!++;
  const step = widthOf(group) / count;
  const out: number[] = [];
  for (let j = 1; j < count; j++) {
    const centre = group.left + j * step;
    const [from, to] = [Math.ceil(centre - CUT_WINDOW * step), Math.floor(centre + CUT_WINDOW * step)];
    let best = Math.round(centre);
    for (let x = from; x <= to; x++) {
      const closer = Math.abs(x - centre) < Math.abs(best - centre);
      if (ink[x]! < ink[best]! || (ink[x] === ink[best] && closer)) best = x;
    }
    out.push(best);
  }
  return out;
}

/** How many touching digits the group holds, by its width against its height and the other digits' widths. */
function digitCount(group: Group, others: Group[], digitHeight: number): number {
  const height = Math.max(heightOf(group), digitHeight);
  const width = widthOf(group);
  if (width > SPLIT_ASPECT * height) return Math.round(width / (DIGIT_ASPECT * height));
  const reference = Math.max(
    0,
    ...others.filter((g) => widthOf(g) >= NARROW_ASPECT * heightOf(g)).map(widthOf),
  );
  if (reference > 0 && width > WIDER_THAN_OTHERS * reference && width >= MIN_SPLIT_ASPECT * height)
    return Math.round(width / reference);
  return 1;
}

/** The group as one digit, or cut into the `count` touching digits it holds. */
function split(group: Group, labels: Int32Array, width: number, count: number): InkSegment[] {
  return cutMask(groupMask(group, labels), group, width, count);
}

/** The group's ink `mask` as one digit, or cut into `count` touching digits (one when no cut stands). */
function cutMask(mask: Uint8Array, group: Group, width: number, count: number): InkSegment[] {
  if (count < 2) {
    const box = { left: group.left, top: group.top, width: widthOf(group), height: heightOf(group) };
    return [{ box, mask }];
  }
  const bounds = [group.left - 1, ...cuts(mask, width, group, Math.min(5, count)), group.right];
  const out: InkSegment[] = [];
  for (let k = 1; k < bounds.length; k++) {
    const [from, to] = [bounds[k - 1]! + 1, bounds[k]!];
    const box = boxOf(mask, width, from, to);
    if (!box) continue;
    // A plain loop over the columns [from, to]: Uint8Array.from with a map function is many times slower.
    const own = new Uint8Array(mask.length);
    for (let row = 0; row < mask.length; row += width)
      for (let p = row + from; p <= row + to; p++) own[p] = mask[p]!;
    out.push({ box, mask: own });
  }
  if (out.some((part) => part.box.height < PART_HEIGHT_SHARE * heightOf(group)))
    return cutMask(mask, group, width, 1);
  return out;
}

function toGroup(c: Component, id: number): Group {
  return { ids: [id], left: c.left, right: c.right, top: c.top, bottom: c.bottom, area: c.area };
}

/** The mask's digits before any cut: its pieces, specks dropped, the pieces of one digit joined. */
function groupsOf(mask: Uint8Array, width: number, height: number): { labels: Int32Array; groups: Group[] } {
  const { labels, components } = componentsOf(mask, width, height);
  if (components.length === 0) return { labels, groups: [] };
  const largest = Math.max(...components.map((c) => c.area));
  const pieces = components.flatMap((c, i) => (c.area >= SPECK_SHARE * largest ? [toGroup(c, i + 1)] : []));
  return { labels, groups: joinSmall(joinOverlapping(pieces)) };
}

/**
 * Ink that is one piece as wide as two touching digits may be (the shape alone cannot tell: a wide 0 and
 * a 4 touching a 6 are alike), cut in two as touching digits are; null when it is several pieces, narrower,
 * or no cut leaves two digits standing side by side.
 */
export function twoDigitCut(mask: Uint8Array, width: number, height: number): InkSegment[] | null {
  const { labels, groups } = groupsOf(mask, width, height);
  const [group] = groups;
  if (groups.length !== 1 || !group || widthOf(group) < PAIR_ASPECT * heightOf(group)) return null;
  const parts = split(group, labels, width, 2);
  return parts.length === 2 ? parts : null;
}

/** A piece beside other digits may be two when at least this × as wide as the typical one of them. */
const WIDER_THAN_TYPICAL = 1.2;

/**
 * One digit found beside `others` (segments of segmentDigits) as two touching digits: cut as
 * twoDigitCut cuts, or null when it is narrower than two touching digits or hardly wider than the
 * others' median (1s aside), or no cut leaves two digits standing side by side.
 */
export function pairCut(
  segment: InkSegment,
  width: number,
  others: readonly InkSegment[],
): InkSegment[] | null {
  const { left, top, width: w, height: h } = segment.box;
  const widths = others
    .filter((o) => o.box.width >= NARROW_ASPECT * o.box.height)
    .map((o) => o.box.width)
    .sort((a, b) => a - b);
  const typical = widths.length > 0 ? widths[Math.floor(widths.length / 2)]! : 0;
  if (w < PAIR_ASPECT * h || w < WIDER_THAN_TYPICAL * typical) return null;
  const group = { ids: [], left, top, right: left + w - 1, bottom: top + h - 1, area: 0 };
  const parts = cutMask(segment.mask, group, width, 2);
  return parts.length === 2 ? parts : null;
}

/** The digits written in `mask` (width × height, nonzero = ink), left to right; [] when it holds no ink. */
export function segmentDigits(mask: Uint8Array, width: number, height: number): InkSegment[] {
  const { labels, groups } = groupsOf(mask, width, height);
  if (groups.length === 0) return [];
  const heights = groups.map(heightOf).sort((a, b) => a - b);
  const digitHeight = heights[Math.floor(heights.length / 2)]!;
  return groups
    .flatMap((g) =>
      split(
        g,
        labels,
        width,
        digitCount(
          g,
          groups.filter((o) => o !== g),
          digitHeight,
        ),
      ),
    )
    .sort((a, b) => a.box.left + a.box.width / 2 - (b.box.left + b.box.width / 2));
}
