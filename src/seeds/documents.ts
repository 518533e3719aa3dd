/**
 * The source documents and the one rule for matching a quote against them.
 *
 * The texts are PDF extractions: columns flattened, lines broken anywhere. A quote matches when,
 * after the same normalisation of quote and document, it appears verbatim:
 *   - a hyphen at a line end joins the two lines ("oikea-\naikaista" = "oikea-aikaista");
 *   - every run of white space is one space;
 *   - " … " separates fragments that are not adjacent; each must appear, in order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const FRAGMENT_SEPARATOR = ' … ';

export function normalizeText(text: string): string {
  return text
    .replace(/\u00ad/g, '') // soft hyphens
    .replace(/-[ \t]*\r?\n\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export class DocumentLibrary {
  private readonly normalized = new Map<string, string>();

  constructor(readonly dir: string) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      this.normalized.set(name, normalizeText(readFileSync(path.join(dir, name), 'utf8')));
    }
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
