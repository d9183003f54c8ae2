/**
 * An importer in a process of its own, for tests that kill it part-way (run with
 * `node --import tsx`): imports a generated case into the Neo4j named by NEO4J_URI/USER/PASSWORD/
 * DATABASE, slowly (small batches), and prints each progress event as a JSON line.
 */
import { createDriver } from '../../server/db/driver.js';
import { generateCase } from '../../server/generate/generate-case.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { loadModel } from '../../server/model/model.js';

const env = process.env;
const driver = createDriver({ uri: env.NEO4J_URI!, user: env.NEO4J_USER!, password: env.NEO4J_PASSWORD! });
const doc = generateCase({ entities: Number(env.CHILD_ENTITIES ?? 20_000), seed: 11 });
await importCaseDocument({ driver, database: env.NEO4J_DATABASE!, model: loadModel() }, doc, {
  batchSize: 50,
  onProgress: (progress) => console.log(JSON.stringify(progress)),
});
console.log(JSON.stringify({ phase: 'done' }));
await driver.close();
