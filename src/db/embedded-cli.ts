/** npm run neo4j:fetch: build the embedded Neo4j launcher and fetch its jars now (otherwise the first start does it). */
import { ensureLauncherBuilt, launcherIsBuilt } from './embedded.js';

if (launcherIsBuilt()) {
  console.log('the embedded Neo4j is already built in tools/neo4j/target');
} else {
  ensureLauncherBuilt((l) => console.log(l)).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
