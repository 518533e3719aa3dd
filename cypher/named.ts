/**
 * Every Cypher statement of the project is a NamedQuery declared in this folder (or beside its
 * one caller) with a name that says what it answers. The name shows up in logs, in errors and in
 * the per-request round-trip statistics; test/cypher-catalogue.test.ts EXPLAINs every statement
 * exported from this folder on the real database, so a statement that does not compile fails CI.
 * Values always travel as parameters, never inside the text.
 */
export interface NamedQuery {
  readonly name: string;
  readonly text: string;
}

export function cypher(name: string, text: string): NamedQuery {
  return Object.freeze({ name, text: text.trim() });
}
