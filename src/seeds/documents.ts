/**
 * The source documents and the one rule for matching a quote against them.
 *
 * The texts are PDF extractions: columns flattened, lines broken anywhere. A quote matches when,
 * after the same normalisation of quote and document, it appears verbatim:
 *   - a hyphen at a line end joins the two lines ("oikea-\naikaista" = "oikea-aikaista"), EXCEPT
 *     before a conjunction: there the hyphen is Finnish compound ellipsis and keeps its space
 *     ("tieto-\nja neuvonta" = "tieto- ja neuvonta", never "tieto-ja");
 *   - every run of white space is one space;
 *   - " … " separates fragments that are not adjacent; each must appear, in order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const FRAGMENT_SEPARATOR = ' … ';

/**
 * Words after which a trailing hyphen is compound ellipsis ("mielenterveys- ja päihdetyö",
 * "C- tai D-tehtävät"), so a line break there is a space, not a join.
 */
export const ELLIPSIS_CONJUNCTIONS = ['ja', 'tai', 'sekä', 'eli', 'ynnä', 'taikka', 'tahi', 'kuin', 'ja/tai'] as const;

const CONJUNCTION = `(?:${[...ELLIPSIS_CONJUNCTIONS].sort((a, b) => b.length - a.length).join('|')})`;
/** A conjunction as a whole word: followed by a non-letter or the end. */
const CONJUNCTION_AHEAD = new RegExp(`^${CONJUNCTION}(?![\\p{L}\\d])`, 'u');

export function normalizeText(text: string): string {
  return text
    .replace(/\u00ad/g, '') // soft hyphens
    .replace(/-[ \t]*\r?\n\s*/g, (match, offset: number, whole: string) =>
      CONJUNCTION_AHEAD.test(whole.slice(offset + match.length, offset + match.length + 8)) ? '- ' : '-',
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * "word- ja" in a normalised text: every compound-ellipsis hyphen followed by a conjunction, as
 * the glued form a faulty join would produce ("tieto-ja") mapped to the document's ("tieto- ja").
 */
export function ellipsisPairs(normalized: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = new RegExp(`([\\p{L}\\d]+)- (${CONJUNCTION})(?![\\p{L}\\d])`, 'gu');
  for (const m of normalized.matchAll(re)) out.set(`${m[1]}-${m[2]}`.toLowerCase(), `${m[1]}- ${m[2]}`);
  return out;
}

const GLUED = new RegExp(`(?<![\\p{L}\\d])[\\p{L}\\d]+-${CONJUNCTION}(?![\\p{L}\\d])`, 'gu');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export class DocumentLibrary {
  private readonly normalized = new Map<string, string>();

  constructor(readonly dir: string) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      this.normalized.set(name, normalizeText(readFileSync(path.join(dir, name), 'utf8')));
    }
  }

  private glued: Map<string, string> | undefined;

  /**
   * Every "word-conjunction" that a line-end join would have glued, lower-cased, with the
   * document's own spaced form ("tieto-ja" -> "tieto- ja"). Forms that some document itself
   * prints glued are left out: those are the document's words.
   */
  ellipsisGlues(): Map<string, string> {
    if (this.glued) return this.glued;
    const all = new Map<string, string>();
    for (const text of this.normalized.values()) for (const [k, v] of ellipsisPairs(text)) all.set(k, v);
    const lowered = [...this.normalized.values()].map((t) => t.toLowerCase());
    for (const k of [...all.keys()]) if (lowered.some((t) => new RegExp(`(?<![\\p{L}\\d])${escapeRegExp(k)}(?![\\p{L}\\d])`, 'u').test(t))) all.delete(k);
    this.glued = all;
    return all;
  }

  /** The glued ellipsis forms in a text of the graph ("tieto-ja"), each with the document's form. */
  findGluedEllipses(text: string): { glued: string; document: string }[] {
    const glues = this.ellipsisGlues();
    const out: { glued: string; document: string }[] = [];
    for (const m of text.matchAll(GLUED)) {
      const spaced = glues.get(m[0].toLowerCase());
      if (spaced) out.push({ glued: m[0], document: spaced });
    }
    return out;
  }

  has(document: string): boolean {
    return this.normalized.has(document);
  }

  names(): string[] {
    return [...this.normalized.keys()];
  }

  /** The first fragment of the quote that is not found (in order), or null when all are. */
  findMissingFragment(document: string, quote: string): string | null {
    const text = this.normalized.get(document);
    if (text === undefined) return quote;
    let from = 0;
    for (const raw of quote.split(/\s*…\s*/)) {
      const fragment = normalizeText(raw);
      if (!fragment) continue;
      const at = text.indexOf(fragment, from);
      if (at < 0) return fragment;
      from = at + fragment.length;
    }
    return null;
  }
}
