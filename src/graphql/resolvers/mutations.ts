/** Mutations (schema/mutations.graphql; the work is in src/mutations/), and every node's version and origin. */
import { importSeedBundle } from '../../mutations/import.js';
import { addAssessment, addObservation, confirmMatrixCell, createNode, deleteNode, linkNodes, unlinkNodes, updateNode, type Actor } from '../../mutations/operations.js';
import { matrixOf } from './paths.js';
import type { NodeRecord } from '../../model/records.js';
import { KINDS } from '../../model/vocabulary.js';
import { requireEditor } from '../../security/auth.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/types.js';
import { mapValue, propertyOf, value } from './common.js';

/** Checks the editor role (the access plugin has already; this keeps a resolver safe on its own). */
function editor(ctx: Context): Actor {
  requireEditor(ctx.principal);
  return { subject: ctx.principal!.subject, role: ctx.principal!.role };
}

const prime = <T extends { node: NodeRecord }>(ctx: Context, result: T): T => {
  ctx.loaders.prime([result.node]);
  return result;
};

const versionAndOrigin = {
  version: value<number>('version', 1),
  origin: (n: NodeRecord, _: unknown, ctx: Context) => mapValue(propertyOf(ctx, n, 'origin'), (o) => (o === 'api' ? 'API' : 'SEED') as 'API' | 'SEED'),
};

export const mutationResolvers: Resolvers = {
  Mutation: {
    createNode: async (_, { input }, ctx) => prime(ctx, await createNode(ctx.db, input, editor(ctx), { log: ctx.log })),
    updateNode: async (_, { input }, ctx) => ctx.loaders.prime([await updateNode(ctx.db, input, editor(ctx), { log: ctx.log })])[0],
    deleteNode: async (_, { id, expectedVersion, cascade }, ctx) => {
      return deleteNode(ctx.db, id, expectedVersion, editor(ctx), { log: ctx.log, cascade: cascade ?? false });
    },
    link: async (_, { input }, ctx) => {
      const result = await linkNodes(ctx.db, input, editor(ctx), { log: ctx.log });
      ctx.loaders.prime([result.from, result.to]);
      return { ...result, type: input.type };
    },
    unlink: async (_, { input }, ctx) => {
      await unlinkNodes(ctx.db, input, editor(ctx), { log: ctx.log });
      return input;
    },
    addAssessment: async (_, { input }, ctx) => prime(ctx, await addAssessment(ctx.db, input, editor(ctx), { log: ctx.log })),
    addObservation: async (_, { indicatorId, observation, expectedVersion }, ctx) =>
      ctx.loaders.prime([await addObservation(ctx.db, indicatorId, observation, expectedVersion, editor(ctx), { log: ctx.log })])[0],
    confirmMatrixCell: async (_, args, ctx) => {
      const { path, confirmed } = await confirmMatrixCell(ctx.db, args, editor(ctx), { log: ctx.log });
      // the cell as the matrix serves it, read after the commit
      const matrix = await matrixOf(ctx, path.regionId as string);
      const cell = matrix.rows.find((r) => r.path.id === path.id)!.cells.find((c) => c.column.id === args.columnId)!;
      ctx.loaders.prime([path]);
      return { path, cell, confirmed };
    },
    importSeedBundle: async (_, { files, dryRun, expectedVersions }, ctx) => {
      const actor = editor(ctx);
      // An import may take longer than a request: its own deadline and transaction timeout.
      const importMs = ctx.security.timeouts.importMs;
      const db = ctx.db.withDeadline(Date.now() + importMs, ctx.client);
      return importSeedBundle(db, files, {
        dryRun: dryRun ?? false,
        timeoutMs: importMs,
        log: ctx.log,
        expectedVersions,
        author: { actor: actor.subject, role: actor.role ?? null, operation: 'importSeedBundle' },
      });
    },
  },
  ...Object.fromEntries(KINDS.map((kind) => [kind, versionAndOrigin])),
};
