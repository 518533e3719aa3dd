/**
 * Finnish morphology in the application (not in Neo4j, so it works on any Neo4j 5, Aura
 * included): Voikko (libvoikko + the voikko-fi dictionary, Debian packages libvoikko1 and
 * voikko-fi), called through koffi, an FFI package that ships its prebuilt binaries in npm.
 *
 * Contract: `analyseWord(word)` gives the base forms of a lower-case word and the base forms of
 * its compound parts ("arkikuntoutuksen" -> lemmas [arkikuntoutus], parts [arki, kuntoutus]).
 * A word Voikko does not know is tried as a compound whose first part is new to the dictionary
 * (unknownCompound: "digisotekeskuksen" -> lemmas [digisotekeskus], parts [digisote, digi, sote,
 * keskus]); otherwise it gives nothing. Results are cached (the same words recur).
 *
 * Where the library or the dictionary is missing, or STRATEGY_GRAPH_MORPHOLOGY=off, the engine
 * is off: one log line says so, and search falls back to word prefixes (src/search/terms.ts).
 */
import koffi from 'koffi';

export interface WordAnalysis {
  lemmas: string[];
  parts: string[];
}

interface Engine {
  analyse(word: string): WordAnalysis;
}

const EMPTY: WordAnalysis = { lemmas: [], parts: [] };
const CACHE_LIMIT = 200_000;

let engine: Engine | null | undefined;
let engineProblem = '';
const cache = new Map<string, WordAnalysis>();
/** Voikko's own answers (no unknown-compound step), for the endings unknownCompound tries. */
const rawCache = new Map<string, WordAnalysis>();

function loadVoikko(): Engine {
  const lib = koffi.load(process.platform === 'darwin' ? 'libvoikko.1.dylib' : 'libvoikko.so.1');
  koffi.opaque('VoikkoHandle');
  const init = lib.func('VoikkoHandle* voikkoInit(_Out_ const char **error, const char *langcode, const char *path)');
  const analyse = lib.func('void** voikkoAnalyzeWordCstr(VoikkoHandle* handle, const char* word)');
  const freeAnalyses = lib.func('void voikko_free_mor_analysis(void** analyses)');
  const value = lib.func('void* voikko_mor_analysis_value_cstr(void* analysis, const char* key)');
  const freeValue = lib.func('void voikko_free_mor_analysis_value_cstr(void* value)');
  const error: (string | null)[] = [null];
  const handle = init(error, 'fi', process.env.VOIKKO_DICTIONARY_PATH ?? null);
  if (!handle) throw new Error(`voikkoInit: ${error[0] ?? 'no Finnish dictionary (install voikko-fi)'}`);
  const read = (analysis: unknown, key: string): string | null => {
    const v = value(analysis, key);
    if (!v) return null;
    const s = koffi.decode(v, 'char', -1) as string;
    freeValue(v);
    return s;
  };
  return {
    analyse(word) {
      const list = analyse(handle, word);
      if (!list) return EMPTY;
      const lemmas = new Set<string>();
      const parts = new Set<string>();
      try {
        for (let i = 0; ; i++) {
          const a = koffi.decode(list, i * koffi.sizeof('void*'), 'void*');
          if (!a) break;
          const base = read(a, 'BASEFORM')?.toLowerCase();
          const structure = read(a, 'STRUCTURE');
          if (!base) continue;
          lemmas.add(base);
          for (const p of compoundParts(word, base, structure)) parts.add(p);
        }
      } finally {
        freeAnalyses(list);
      }
      parts.delete(word);
      for (const l of lemmas) parts.delete(l);
      return { lemmas: [...lemmas], parts: [...parts] };
    },
  };
}

/**
 * Compound parts from Voikko's STRUCTURE ("=pppp=pppppppp": a part starts at each "="). Parts
 * before the last are analysed alone (mielen -> mieli); the last is the base form's tail when
 * the base form starts with the earlier parts (arkikuntoutus - arki = kuntoutus).
 */
function compoundParts(word: string, base: string, structure: string | null): string[] {
  if (!structure || structure.split('=').length <= 2) return [];
  const segments: string[] = [];
  let at = 0;
  let current = '';
  for (const ch of structure) {
    if (ch === '=') {
      if (current) segments.push(current);
      current = '';
    } else {
      current += word[at++] ?? '';
    }
  }
  if (current) segments.push(current);
  if (segments.length < 2) return [];
  const out: string[] = [];
  const head = segments.slice(0, -1);
  for (const s of head) {
    if (s.length < 2) continue;
    out.push(s);
    const sub = engine?.analyse(s);
    if (sub) out.push(...sub.lemmas);
  }
  const prefix = head.join('');
  const last = base.startsWith(prefix) ? base.slice(prefix.length) : segments[segments.length - 1];
  if (last.length >= 2) out.push(last);
  return out;
}

/** Starts the engine on first use; null when it is off (the reason is in morphologyStatus). */
function current(): Engine | null {
  if (engine !== undefined) return engine;
  if (['off', '0', 'false', 'no'].includes((process.env.STRATEGY_GRAPH_MORPHOLOGY ?? '').toLowerCase())) {
    engineProblem = 'STRATEGY_GRAPH_MORPHOLOGY=off';
    engine = null;
  } else {
    try {
      engine = loadVoikko();
    } catch (err) {
      engineProblem = (err as Error).message.split('\n')[0];
      engine = null;
    }
  }
  if (engine === null) {
    console.warn(`search: Finnish morphology (Voikko) is off (${engineProblem}); searching by word beginnings only. Install: apt-get install libvoikko1 voikko-fi`);
  }
  return engine;
}

export function morphologyStatus(): { engine: 'voikko' | 'none'; problem?: string } {
  return current() ? { engine: 'voikko' } : { engine: 'none', problem: engineProblem };
}

export function analyseWord(word: string): WordAnalysis {
  const e = current();
  if (!e || /\d/.test(word) || word.length < 2) return EMPTY;
  let hit = cache.get(word);
  if (!hit) {
    hit = rawAnalysis(e, word);
    if (hit.lemmas.length === 0) hit = unknownCompound(e, word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, hit);
  }
  return hit;
}

function rawAnalysis(e: Engine, word: string): WordAnalysis {
  let hit = rawCache.get(word);
  if (!hit) {
    hit = e.analyse(word);
    if (rawCache.size >= CACHE_LIMIT) rawCache.clear();
    rawCache.set(word, hit);
  }
  return hit;
}

const MIN_HEAD = 3;
const MIN_TAIL = 4;

/**
 * A word Voikko does not know is most often a compound whose first part the dictionary lacks
 * (digisote|keskuksen, sote|asemien, hiilidioksi|päästölaskentaa): Voikko then knows nothing of
 * the whole word, so neither its base form nor its known last part would be indexed, and the base
 * form typed in the search box (digisotekeskus) would match neither the inflected word nor the
 * hyphenated one (Digisote-keskuksen). The last part is the longest ending that Voikko knows as
 * ONE word (not itself a compound: a compound ending would cut a word at random, digis|otekeskus);
 * the head before it is analysed the same way (known, split again, or kept as it is). The base
 * form is the head + the last part's base form. No such ending: nothing, as before.
 */
function unknownCompound(e: Engine, word: string): WordAnalysis {
  for (let i = MIN_HEAD; word.length - i >= MIN_TAIL; i++) {
    const tail = rawAnalysis(e, word.slice(i));
    if (tail.lemmas.length === 0 || tail.parts.length > 0) continue;
    const head = word.slice(0, i);
    const headAnalysis = analyseWord(head);
    const lemmas = [...new Set(tail.lemmas.map((l) => head + l))];
    const parts = new Set([head, ...headAnalysis.lemmas, ...headAnalysis.parts, ...tail.lemmas]);
    parts.delete(word);
    for (const l of lemmas) parts.delete(l);
    return { lemmas, parts: [...parts] };
  }
  return EMPTY;
}
