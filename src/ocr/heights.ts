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
import { clamp, type Box, type GrayImage } from './image';
import { removeStrike } from './image-levels';

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

/**
 * Characters whose ink is a reference of a level when read: none of them is
 * in a look-alike class. Not `f` or `t`: their hooked tops stand lower than
 * the ascender line in DejaVu Sans Mono (`f` 0.7 px lower at 45 px).
 */
/** Digits whose top ends on the digit line without a round overshoot (`1` too, but a look-alike). */
const FLAT_DIGITS = '47';

const REFERENCES: Record<Level | 'descender' | 'base', string> = {
  x: 'acemnruvwx',
  digit: '34678',
  ascender: 'bdhk',
  descender: 'py',
  base: 'acemnruvwx34678bdhk',
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
const MIN_GAP_OF_X = 0.03;
/**
 * The most the picture's x-height may vary (its spread, as a share of it):
 * screenshots measured 0.2–1.5%, the corpus' photos 12–24%.
 */
const FLAT = 0.05;
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
  envelope = false,
): GlyphInk | null {
  const h = box.y1 - box.y0;
  const pad = Math.max(1, Math.round(h * 0.15));
  const y0 = clamp(Math.floor(box.y0) - pad, 1, img.height - 2);
  const y1 = clamp(Math.ceil(box.y1) + pad, 1, img.height - 2);
  if (y1 - y0 < 4 || hi - lo < 40) return null;
  const p = profile(img, run, y0 - 1, y1 + 1, lo, hi);
  const at = (y: number) => p[y - y0 + 1] ?? 0;
  // The body: the longest run of rows of ink (≥ half the glyph's darkness)
  // within the box — not a dot above it, not a neighbour line's ink.
  let t = -1;
  let b = -2;
  for (let y = Math.max(y0, Math.floor(box.y0)); y <= Math.min(y1, Math.ceil(box.y1)); y++) {
    if (at(y) < 0.5 || (y > y0 && at(y - 1) >= 0.5 && y !== Math.max(y0, Math.floor(box.y0))))
      continue;
    let end = y;
    while (end + 1 <= y1 && at(end + 1) >= 0.5) end++;
    let begin = y;
    while (begin - 1 >= y0 && at(begin - 1) >= 0.5) begin--;
    if (end - begin > b - t) {
      t = begin;
      b = end;
    }
  }
  if (t < 0) return null;
  if (envelope) {
    // A strike line was removed across the body: its pieces are one glyph, a dot is not told.
    for (let y = y0; y < t; y++) if (at(y) >= 0.5) t = y;
    for (let y = y1; y > b; y--) if (at(y) >= 0.5) b = y;
    return {
      top: t - at(t - 1) + (1 - at(t)),
      bottom: b + at(b) + at(b + 1),
      dot: null,
    };
  }
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
    let d = g;
    while (d - 1 >= y0 && at(d - 1) >= 0.5) d--;
    // A dot is small: a taller piece above a gap is something else.
    dot = gapMin < 0.25 && g - d + 1 <= h * 0.25 ? true : null;
    if (dot === null) top = d - at(d - 1) + (1 - at(d));
  } else {
    // No dot: the body must be one unbroken stroke, not a dot melted into a stem.
    for (let y = t + 1; y < b; y++) if (at(y) < 0.6) dot = null;
  }
  const bottom = b + at(b) + at(b + 1);
  return { top, bottom, dot };
}

/**
 * Where the ink of the lower half of a descender (rows `from`…`to`) sits
 * across the columns `run`, 0 (left) – 1 (right): a `q` ends in its right
 * stem, a `g` in a hook or loop.
 */
function footOf(
  img: GrayImage,
  run: [number, number],
  from: number,
  to: number,
  lo: number,
  hi: number,
): number {
  let sum = 0;
  let sx = 0;
  for (let y = Math.max(0, Math.round(from)); y <= Math.min(img.height - 1, Math.floor(to)); y++) {
    for (let x = run[0]; x <= run[1]; x++) {
      const d = clamp((hi - img.gray[y * img.width + x]!) / (hi - lo), 0, 1);
      sum += d;
      sx += d * x;
    }
  }
  const w = run[1] - run[0];
  return sum > 0 && w > 0 ? (sx / sum - run[0]) / w : 0.5;
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

/**
 * The runs of a struck code whose separator went with the strike line (both
 * sit at mid-height): one run per character but the `-`, the widest gap
 * between runs where the `-` was. A placeholder run stands for the `-`.
 */
function dashErased(runs: [number, number][], chars: string[]): [number, number][] | null {
  const dash = chars.indexOf('-');
  if (dash <= 0 || chars.lastIndexOf('-') !== dash || runs.length !== chars.length - 1) return null;
  const gaps = runs.slice(1).map((r, i) => r[0] - runs[i]![1]);
  const at = gaps[dash - 1]!;
  if (gaps.some((g, i) => i !== dash - 1 && g * 1.5 > at)) return null;
  return [...runs.slice(0, dash), [0, -1], ...runs.slice(dash)];
}

/**
 * Every run standing for a `-` is a short dash (not a glyph the count
 * matched by chance); in a struck code its place is empty.
 */
function dashesAreDashes(
  img: GrayImage,
  runs: [number, number][],
  chars: string[],
  box: Box,
  lo: number,
  hi: number,
  struck: boolean,
): boolean {
  return chars.every((ch, k) => {
    if (ch !== '-') return true;
    const run = runs[k]!;
    if (run[1] < run[0]) return struck;
    const ink = measureGlyph(img, run, box, lo, hi, struck);
    return ink !== null && ink.bottom - ink.top < (box.y1 - box.y0) * 0.25;
  });
}

/**
 * A descending glyph whose lowest fifth has its ink at most this far across
 * (0 left – 1 right) ends in a hook or loop (`g`); at least `FOOT_Q`, in a
 * stem on the right (`q`). Between: not told. Measured in DejaVu Sans Mono at
 * 15–45 px: `g` 0.53–0.59, `q` 0.72–0.95 in screenshots (0.67 in photos).
 */
const FOOT_G = 0.6;
const FOOT_Q = 0.72;

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
  foot: number;
}

/** What the geometry made of one code: its characters and the positions it settled. */
export interface Settled {
  /** The code's characters without separators, look-alikes settled. */
  bare: string;
  /** Positions whose look-alike class the geometry decided (changed or confirmed). */
  settled: number[];
  /**
   * Per measured look-alike its height, depth, dot, foot, what fits and the
   * picture's levels; or why the code was not measured (for `--trace-json`).
   */
  seen?: string[];
}

/**
 * For each code, its look-alike characters settled where the picture's
 * geometry rules out every other member of the class in `alphabet`. A code
 * whose glyphs cannot be cut apart by columns of paper, or without a clear
 * baseline, is returned as read with nothing settled.
 */
/** A code to settle; `struck`: a used code's strike line crosses it (removed before measuring). */
export interface HeightCode extends GlyphCode {
  struck?: boolean;
}

/** The code's box cut out with its strike line removed (`removeStrike`), and the box in the cut. */
function unstruck(img: GrayImage, b: Box): { image: GrayImage; box: Box } {
  const h = b.y1 - b.y0;
  const pad = Math.max(2, Math.round(h * 0.3));
  const x0 = clamp(Math.floor(b.x0) - pad, 0, img.width - 1);
  const x1 = clamp(Math.ceil(b.x1) + pad, 0, img.width - 1);
  const y0 = clamp(Math.floor(b.y0) - pad, 0, img.height - 1);
  const y1 = clamp(Math.ceil(b.y1) + pad, 0, img.height - 1);
  const w = x1 - x0 + 1;
  const gray = new Uint8Array(w * (y1 - y0 + 1));
  for (let y = y0; y <= y1; y++)
    gray.set(img.gray.subarray(y * img.width + x0, y * img.width + x1 + 1), (y - y0) * w);
  const clean = removeStrike({ width: w, height: y1 - y0 + 1, gray }).image;
  return { image: clean, box: { x0: b.x0 - x0, x1: b.x1 - x0, y0: b.y0 - y0, y1: b.y1 - y0 } };
}

/** A character no member of whose look-alike class in the alphabet descends: its bottom is the baseline. */
function sitsOnBaseline(ch: string, alphabet: CodeAlphabet): boolean {
  const cls = LOOK_ALIKES.find((c) => c.includes(ch)) ?? ch;
  const members = ambiguousIn(alphabet).has(ch)
    ? [...cls].filter((m) => ambiguousIn(alphabet).has(m))
    : [ch];
  return members.every((m) => signatureOf(m)?.descends === false && signatureOf(m)?.dot === false);
}

export function settleLookAlikes(
  img: GrayImage,
  codes: HeightCode[],
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
    const { image, box } = c.struck ? unstruck(img, c.bbox) : { image: img, box: c.bbox };
    const { runs: found, lo, hi } = glyphRuns(image, box);
    const runs = cellsOf(found, chars.length) ?? (c.struck ? dashErased(found, chars) : null);
    if (!runs || !dashesAreDashes(image, runs, chars, box, lo, hi, c.struck === true)) {
      (out[ci]!.seen ??= []).push(`runs ${found.length}/${chars.length} ${JSON.stringify(found)}`);
      return;
    }
    const inks: { ch: string; pos: number; ink: GlyphInk; run: [number, number] }[] = [];
    let pos = 0;
    chars.forEach((ch, k) => {
      if (ch === '-') return;
      const ink = measureGlyph(image, runs[k]!, box, lo, hi, c.struck === true);
      if (ink) inks.push({ ch, pos, ink, run: runs[k]! });
      pos++;
    });
    const bases = inks.filter((g) => sitsOnBaseline(g.ch, alphabet)).map((g) => g.ink.bottom);
    if (bases.length < 3) {
      (out[ci]!.seen ??= []).push(`bases ${bases.length}`);
      return;
    }
    const base = median(bases);
    for (const g of inks) {
      glyphs.push({
        code: ci,
        pos: g.pos,
        ch: g.ch,
        up: base - g.ink.top,
        down: g.ink.bottom - base,
        dot: g.ink.dot,
        foot:
          g.ink.bottom > base + 1
            ? footOf(image, g.run, (base + g.ink.bottom) / 2, g.ink.bottom - 0.5, lo, hi)
            : NaN,
      });
    }
  });
  // A level is the median of glyphs of at least two different characters
  // (one character's glyphs all share its one drawing, right or misread).
  const refs = (chars: string, f: (g: Measured) => number) => {
    const of = glyphs.filter((g) => chars.includes(g.ch) && g.dot === false);
    return new Set(of.map((g) => g.ch)).size >= 2 ? refOf(of.map(f)) : null;
  };
  const x = refs(REFERENCES.x, (g) => g.up);
  const above = (r: Ref | null) => (r && x && r.mid > x.mid ? r : null);
  // Levels out of their order (digits lower than the x-height, descenders above the
  // baseline) are not a font's lines as this reasoning knows them: not used.
  const level: Record<Level, Ref | null> = {
    x,
    // Digits not round at the top, when the picture has both: round tops overshoot the line.
    digit: above(refs(FLAT_DIGITS, (g) => g.up) ?? refs(REFERENCES.digit, (g) => g.up)),
    ascender: above(refs(REFERENCES.ascender, (g) => g.up)),
  };
  // A picture whose x-height varies from code to code (a photo's perspective,
  // blur) is not measured finely enough to settle anything.
  if (!x || x.spread > x.mid * FLAT) return out;
  const baseline = refs(REFERENCES.base, (g) => g.down);
  const low = refs(REFERENCES.descender, (g) => g.down);
  const descender = low && baseline && low.mid > baseline.mid ? low : null;
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
      // Below a clear baseline the foot tells `q` (its right stem) from `g` (a hook or loop).
      if (low === 'b' && m === 'q' && g.foot <= FOOT_G) return false;
      if (low === 'b' && m === 'g' && g.foot >= FOOT_Q) return false;
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
    if (bad.has(g.code))
      (out[g.code]!.seen ??= []).push(
        `bad ${g.pos}:${g.ch} up=${g.up.toFixed(2)} down=${g.down.toFixed(2)} dot=${g.dot}`,
      );
    if (!ambiguous.has(g.ch) || bad.has(g.code)) continue;
    const cls = LOOK_ALIKES.find((c) => c.includes(g.ch))!;
    const fits = fitting(
      g,
      [...cls].filter((m) => ambiguous.has(m)),
    );
    const o = out[g.code]!;
    (o.seen ??= []).push(
      `${g.pos}:${g.ch} up=${g.up.toFixed(2)} down=${g.down.toFixed(2)} dot=${g.dot} foot=${g.foot.toFixed(2)} fits=${fits.join('')} | x=${level.x?.mid.toFixed(2)}±${level.x?.spread.toFixed(2)} d=${level.digit?.mid.toFixed(2)}±${level.digit?.spread.toFixed(2)} a=${level.ascender?.mid.toFixed(2)}±${level.ascender?.spread.toFixed(2)} b=${baseline?.mid.toFixed(2)}±${baseline?.spread.toFixed(2)} p=${descender?.mid.toFixed(2)}±${descender?.spread.toFixed(2)}`,
    );
    if (fits.length !== 1) continue;
    const chars = [...o.bare];
    chars[g.pos] = fits[0]!;
    o.bare = chars.join('');
    o.settled.push(g.pos);
  }
  return out;
}
