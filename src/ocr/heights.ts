/**
 * Look-alike characters told apart by where their ink sits, measured within
 * the picture (docs/ocr.md, "Heights measured within the picture").
 *
 * tesseract reads Discord's `l` as `1`, `o` as `0` or `s` as `5` with full
 * confidence (`lookAlikeAt` only flags those). But the members of a look-alike
 * class differ in how high and how low their ink reaches: in a lowercase font
 * `o`, `s` and `z` stop at the x-height while digits reach the digit height;
 * `g` and `q` descend below the baseline while `9` sits on it; `i` and `j`
 * have a dot over a gap, `1` and `l` do not; `l` reaches the ascender line
 * where the font draws its digits lower. None of this is a pixel constant of
 * one font: each glyph is measured against its own code's baseline and
 * against the picture's other glyphs whose class is not in doubt (`x`, `m`…
 * give the x-height, `3`, `4`, `7`… the digit height, `b`, `d`, `h`… the
 * ascender line, `p`, `y` the descender line). A level is used only when the
 * picture's references of two levels are far apart compared with their own
 * spread, and a glyph is given a level only when it is clearly nearer one
 * than the other.
 *
 * A class member is settled only when every other member of the site's
 * alphabet is ruled out by such a clear measurement; anything else is left
 * as read and stays for the person to check. Pure: no DOM, no engine.
 */
import type { CodeAlphabet } from '../core/sites/schema';
import { ambiguousIn, LOOK_ALIKES } from '../core/codes/ocr-correct';
import { glyphRuns, type GlyphCode } from './glyphs';
import { clamp, type GrayImage } from './image';

/** Where one glyph's ink reaches, in picture pixels (`top` and `bottom` are edges, sub-pixel). */
export interface GlyphInk {
  top: number;
  bottom: number;
  /** A dot over a gap (`i`, `j`): true, clearly none: false, not clear: null. */
  dot: boolean | null;
}

type Level = 'x' | 'digit' | 'ascender';

/** How high and how low a character's ink reaches, and whether it has a dot. */
interface Signature {
  /** null: any (an `i` is told by its dot, an uppercase letter by nothing here). */
  top: Level | 'cap' | null;
  /** null: not known (an uppercase `Q` descends in some fonts). */
  descends: boolean | null;
  dot: boolean;
}

const X_LETTERS = 'acemnruvwxosz';
const ASCENDERS = 'bdfhkl';
const DESCENDERS = 'gjpqy';

function signatureOf(ch: string): Signature | null {
  if (/[0-9]/.test(ch)) return { top: 'digit', descends: false, dot: false };
  if (ch === 'i') return { top: null, descends: false, dot: true };
  if (ch === 'j') return { top: null, descends: true, dot: true };
  if (X_LETTERS.includes(ch)) return { top: 'x', descends: false, dot: false };
  if (ASCENDERS.includes(ch)) return { top: 'ascender', descends: false, dot: false };
  if (DESCENDERS.includes(ch)) return { top: 'x', descends: true, dot: false };
  if (/[A-Z]/.test(ch)) return { top: 'cap', descends: ch === 'Q' ? null : false, dot: false };
  return null;
}

/** Characters whose ink is a reference of a level when read: none of them is in a look-alike class. */
const REFERENCES: Record<Level | 'descender' | 'base', string> = {
  x: 'acemnruvwx',
  digit: '34678',
  ascender: 'bdfhk',
  descender: 'py',
  base: 'acemnruvwx34678bdfhk',
};

/**
 * A level is told from another only when the references are this many times
 * their spread apart, and at least `MIN_GAP` pixels.
 */
const SPREADS_APART = 4;
const MIN_GAP = 0.5;
/**
 * …and at least this share of the x-height: `l` stands half a pixel above
 * the digits in DejaVu Sans Mono at 15 px, within what one glyph's edge can be
 * measured to, so it is not told from `1` by height there.
 */
const MIN_GAP_OF_X = 0.12;
/** A glyph is on one level's side when it is within this share of the gap from it. */
const CLEAR = 0.3;

/** The row profile of one glyph: per row, its darkest pixel as 0 (paper) – 1 (the glyph's own darkest). */
function profile(
  img: GrayImage,
  run: [number, number],
  y0: number,
  y1: number,
  lo: number,
  hi: number,
): number[] {
  const p: number[] = [];
  let peak = 0;
  for (let y = y0; y <= y1; y++) {
    let m = 0;
    for (let x = run[0]; x <= run[1]; x++) {
      const d = (hi - img.gray[y * img.width + x]!) / (hi - lo);
      if (d > m) m = d;
    }
    p.push(clamp(m, 0, 1));
    if (m > peak) peak = m;
  }
  return peak <= 0 ? p.map(() => 0) : p.map((v) => Math.min(1, v / peak));
}

/**
 * Measures one glyph (columns `run`) of a code whose box spans `box.y0`–`box.y1`:
 * the edges of its main body (the rows of ink around the box's middle) and of a
 * dot above it. Null when there is no body there.
 */
export function measureGlyph(
  img: GrayImage,
  run: [number, number],
  box: { y0: number; y1: number },
  lo: number,
  hi: number,
): GlyphInk | null {
  const h = box.y1 - box.y0;
  const pad = Math.max(1, Math.round(h * 0.15));
  const y0 = clamp(Math.floor(box.y0) - pad, 1, img.height - 2);
  const y1 = clamp(Math.ceil(box.y1) + pad, 1, img.height - 2);
  if (y1 - y0 < 4 || hi - lo < 40) return null;
  const p = profile(img, run, y0 - 1, y1 + 1, lo, hi);
  const at = (y: number) => p[y - y0 + 1] ?? 0;
  const mid = Math.round((box.y0 + box.y1) / 2);
  // The body: rows of ink (≥ half the glyph's darkness) joined around the middle row.
  let start = -1;
  for (let k = 0; start < 0 && k <= y1 - y0; k++) {
    for (const y of [mid - k, mid + k]) {
      if (start < 0 && y >= y0 && y <= y1 && at(y) >= 0.5) start = y;
    }
  }
  if (start < 0) return null;
  let t = start;
  while (t - 1 >= y0 && at(t - 1) >= 0.5) t--;
  let b = start;
  while (b + 1 <= y1 && at(b + 1) >= 0.5) b++;
  // A dot: after a short gap above the body, another short run of ink.
  let dot: boolean | null = false;
  let g = t - 1;
  let gapMin = 1;
  while (g >= y0 && at(g) < 0.5 && t - g <= Math.max(2, h * 0.25)) {
    gapMin = Math.min(gapMin, at(g));
    g--;
  }
  let top = t - at(t - 1) + (1 - at(t));
  if (g >= y0 && g < t - 1 && at(g) >= 0.5) {
    // Ink again above a gap: a dot when the gap is clear paper, not clear otherwise.
    dot = gapMin < 0.25 ? true : null;
    let d = g;
    while (d - 1 >= y0 && at(d - 1) >= 0.5) d--;
    if (dot === null) top = d - at(d - 1) + (1 - at(d));
  } else {
    // No dot: the body must be one unbroken stroke, not a dot melted into a stem.
    for (let y = t + 1; y < b; y++) if (at(y) < 0.6) dot = null;
  }
  const bottom = b + at(b) + at(b + 1);
  return { top, bottom, dot };
}

/**
 * One column range per character: the runs of ink when there is one per
 * character; else, when the glyphs sit in equal cells (a monospace font) and
 * every run covers whole cells (neighbours touching: `f` and `w` reach their
 * cell's edges), the middle half of each cell, away from the neighbours' ink.
 * Null when the runs fit neither.
 */
export function cellsOf(runs: [number, number][], n: number): [number, number][] | null {
  if (runs.length === n) return runs;
  if (runs.length === 0 || runs.length > n) return null;
  const start = runs[0]![0];
  const pitch = (runs[runs.length - 1]![1] + 1 - start) / n;
  if (pitch < 3) return null;
  const cells: [number, number][] = [];
  for (const [a, b] of runs) {
    const i = (a - start) / pitch;
    const j = (b + 1 - start) / pitch;
    const ci = Math.round(i);
    const cj = Math.round(j);
    if (cj <= ci || cj - ci > 3 || Math.abs(i - ci) > 0.3 || Math.abs(j - cj) > 0.3) return null;
    if (cj - ci === 1) {
      cells.push([a, b]);
      continue;
    }
    const w = (b + 1 - a) / (cj - ci);
    for (let k = 0; k < cj - ci; k++) {
      const x0 = Math.ceil(a + k * w + w * 0.25);
      const x1 = Math.floor(a + (k + 1) * w - w * 0.25) - 1;
      if (x1 < x0) return null;
      cells.push([x0, x1]);
    }
  }
  return cells.length === n ? cells : null;
}

interface Ref {
  mid: number;
  spread: number;
  n: number;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function refOf(v: number[]): Ref | null {
  if (v.length < 2) return null;
  const mid = median(v);
  return { mid, spread: median(v.map((x) => Math.abs(x - mid))), n: v.length };
}

/** 'a' or 'b' when `v` is clearly on that reference's side, null when not or when they are too close to tell. */
function side(v: number, a: Ref | null, b: Ref | null, minGap = MIN_GAP): 'a' | 'b' | null {
  if (!a || !b) return null;
  const gap = b.mid - a.mid;
  const least = Math.max(MIN_GAP, minGap, SPREADS_APART * Math.max(a.spread, b.spread));
  if (Math.abs(gap) < least) return null;
  const f = (v - a.mid) / gap;
  if (f > -0.6 && f < CLEAR) return 'a';
  if (f > 1 - CLEAR && f < 1.6) return 'b';
  return null;
}

interface Measured {
  code: number;
  pos: number;
  ch: string;
  /** Height above its code's baseline, and depth below it. */
  up: number;
  down: number;
  dot: boolean | null;
}

/** What the geometry made of one code: its characters and the positions it settled. */
export interface Settled {
  /** The code's characters without separators, look-alikes settled. */
  bare: string;
  /** Positions whose look-alike class the geometry decided (changed or confirmed). */
  settled: number[];
  /** Per measured look-alike, what was seen (for the bench's trace). */
  seen?: string[];
}

/**
 * For each code, its look-alike characters settled where the picture's
 * geometry rules out every other member of the class in `alphabet`. A code
 * whose glyphs cannot be cut apart by columns of paper, or without a clear
 * baseline, is returned as read with nothing settled.
 */
export function settleLookAlikes(
  img: GrayImage,
  codes: GlyphCode[],
  alphabet: CodeAlphabet,
): Settled[] {
  const ambiguous = ambiguousIn(alphabet);
  const out: Settled[] = codes.map((c) => ({
    bare: [...c.display].filter((ch) => ch !== ' ' && ch !== '-').join(''),
    settled: [],
  }));
  if (ambiguous.size === 0) return out;
  const glyphs: Measured[] = [];
  codes.forEach((c, ci) => {
    const chars = [...c.display].filter((ch) => ch !== ' ');
    const { runs: found, lo, hi } = glyphRuns(img, c.bbox);
    const runs = cellsOf(found, chars.length);
    if (!runs) return;
    const inks: { ch: string; pos: number; ink: GlyphInk }[] = [];
    let pos = 0;
    chars.forEach((ch, k) => {
      if (ch === '-') return;
      const ink = measureGlyph(img, runs[k]!, c.bbox, lo, hi);
      if (ink) inks.push({ ch, pos, ink });
      pos++;
    });
    const bases = inks.filter((g) => REFERENCES.base.includes(g.ch)).map((g) => g.ink.bottom);
    if (bases.length < 3) return;
    const base = median(bases);
    for (const g of inks) {
      glyphs.push({
        code: ci,
        pos: g.pos,
        ch: g.ch,
        up: base - g.ink.top,
        down: g.ink.bottom - base,
        dot: g.ink.dot,
      });
    }
  });
  const refs = (chars: string, f: (g: Measured) => number) =>
    refOf(glyphs.filter((g) => chars.includes(g.ch) && g.dot === false).map(f));
  const level: Record<Level, Ref | null> = {
    x: refs(REFERENCES.x, (g) => g.up),
    digit: refs(REFERENCES.digit, (g) => g.up),
    ascender: refs(REFERENCES.ascender, (g) => g.up),
  };
  const baseline = refs(REFERENCES.base, (g) => g.down);
  const descender = refs(REFERENCES.descender, (g) => g.down);
  const levels = Object.keys(level) as Level[];
  const minGap = (level.x?.mid ?? Infinity) * MIN_GAP_OF_X;
  /** What the glyph's measurements leave possible of the characters `members`. */
  const fitting = (g: Measured, members: string[]) => {
    // A level is ruled out when the glyph is clearly on another level's side of it.
    const ruledOut = new Set<Level>();
    for (const a of levels)
      for (const b of levels)
        if (a !== b && side(g.up, level[a], level[b], minGap) === 'b') ruledOut.add(a);
    const low = side(g.down, baseline, descender, minGap);
    return members.filter((m) => {
      const s = signatureOf(m);
      if (!s) return true;
      if (s.top === 'cap') {
        if (ruledOut.has('digit') && ruledOut.has('ascender')) return false;
      } else if (s.top !== null && ruledOut.has(s.top)) return false;
      if (s.dot && g.dot === false) return false;
      if (!s.dot && g.dot === true) return false;
      if (s.descends === true && low === 'a') return false;
      if (s.descends === false && low === 'b') return false;
      return true;
    });
  };
  // A code one of whose plain characters (`x`, `4`, `h`…) measures unlike
  // itself was cut or read wrong somewhere: nothing of it is settled.
  const bad = new Set<number>();
  for (const g of glyphs) {
    if (REFERENCES.base.includes(g.ch) && fitting(g, [g.ch]).length === 0) bad.add(g.code);
  }
  for (const g of glyphs) {
    if (!ambiguous.has(g.ch) || bad.has(g.code)) continue;
    const cls = LOOK_ALIKES.find((c) => c.includes(g.ch))!;
    const fits = fitting(
      g,
      [...cls].filter((m) => ambiguous.has(m)),
    );
    const o = out[g.code]!;
    (o.seen ??= []).push(
      `${g.pos}:${g.ch} up=${g.up.toFixed(2)} down=${g.down.toFixed(2)} dot=${g.dot} fits=${fits.join('')} | x=${level.x?.mid.toFixed(2)}±${level.x?.spread.toFixed(2)} d=${level.digit?.mid.toFixed(2)}±${level.digit?.spread.toFixed(2)} a=${level.ascender?.mid.toFixed(2)}±${level.ascender?.spread.toFixed(2)} b=${baseline?.mid.toFixed(2)}±${baseline?.spread.toFixed(2)} p=${descender?.mid.toFixed(2)}±${descender?.spread.toFixed(2)}`,
    );
    if (fits.length !== 1) continue;
    const chars = [...o.bare];
    chars[g.pos] = fits[0]!;
    o.bare = chars.join('');
    o.settled.push(g.pos);
  }
  return out;
}
