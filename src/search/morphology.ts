/**
 * Finnish morphology in the application (not in Neo4j, so it works on any Neo4j 5, Aura
 * included): Voikko (libvoikko + the voikko-fi dictionary, Debian packages libvoikko1 and
 * voikko-fi), called through koffi, an FFI package that ships its prebuilt binaries in npm.
 *
 * Contract: `analyseWord(word)` gives the base forms of a lower-case word and the base forms of
 * its compound parts ("arkikuntoutuksen" -> lemmas [arkikuntoutus], parts [arki, kuntoutus]).
 * A word Voikko does not know gives nothing. Results are cached (the same words recur).
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
    hit = e.analyse(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, hit);
  }
  return hit;
}
