/**
 * The schema's words agree with the code: the relation types trace's description says it follows
 * are exactly the ones its statement follows, and the ones it says it does not follow are not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceToObjectives } from '../cypher/trace.js';
import { RELATION_TYPES, UPWARD_TYPES } from '../src/model/vocabulary.js';

const sdl = readFileSync(new URL('../schema/trace.graphql', import.meta.url), 'utf8');
const description = /"""([\s\S]*?)"""\s*type Trace/.exec(sdl)![1];
const named = (text: string) => RELATION_TYPES.filter((t) => new RegExp(`\\b${t}\\b`).test(text));

describe('schema descriptions', () => {
  it("name the relation types trace follows, and only those, as followed", () => {
    const [followsPart, notPart] = description.split(/does not follow/);
    expect(notPart, 'the description says which types trace does not follow').toBeDefined();
    const followedInStatement = /\[:([A-Z_|]+)\*1\.\.\d+\]/.exec(traceToObjectives.text)![1].split('|');
    expect(new Set(named(followsPart))).toEqual(new Set(followedInStatement));
    expect(new Set(followedInStatement)).toEqual(new Set(UPWARD_TYPES));
    for (const t of named(notPart)) expect(followedInStatement).not.toContain(t);
    expect(named(notPart)).toContain('ADVANCES');
  });
});
