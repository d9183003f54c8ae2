import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CYPHER_DIR,
  cypher,
  fillTemplate,
  integerLiteral,
  loadCypher,
  quoteName,
  trustedFragment,
} from '../../server/cypher-files.js';

const SERVER_DIR = path.resolve(CYPHER_DIR, '../server');

/** Every `.ts` file under `dir`, in all its folders. */
function typeScriptFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The code of a TypeScript file without its comments (strings and template literals kept), so
 * Cypher shown in a comment is not mistaken for Cypher the code runs. Regular expression literals
 * are skipped whole, so a quote inside one cannot start a string.
 */
function withoutComments(source: string): string {
  let out = '';
  let i = 0;
  const regexMayStart = () => /(?:^|[(,=:[!&|?{};]|\breturn)\s*$/.test(out.slice(-20));
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === '/' && regexMayStart()) {
      let inClass = false;
      out += source[i++];
      while (i < source.length && (inClass || source[i] !== '/')) {
        if (source[i] === '\\') out += source[i++];
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        out += source[i++];
      }
      out += source[i++] ?? '';
    } else if (c === "'" || c === '"' || c === '`') {
      out += source[i++];
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\') out += source[i++];
        out += source[i++];
      }
      out += source[i++] ?? '';
    } else {
      out += source[i++];
    }
  }
  return out;
}

/**
 * A Cypher clause as it opens a statement: the keyword and what can only follow it in Cypher (a
 * pattern, a parameter, a map, a number, a procedure, a schema object, a property). Prose such as
 * the console gate's messages (`'CREATE writes data or schema'`) does not match.
 */
const INLINE_CYPHER =
  /\b(?:MATCH|MERGE|UNWIND|CREATE|CALL|RETURN|SHOW|DROP|DETACH DELETE|SET|WITH|DELETE)\s+(?:[($[{]|\d|db\.|(?:UNIQUE |RANGE |TEXT |POINT |LOOKUP |VECTOR |FULLTEXT )?(?:CONSTRAINT|INDEX|INDEXES|FULLTEXT)\b|[a-z_]\w*\s*(?:\.\w|,|=|\bAS\b))/;

/** Lines of `source` (1-based) whose code, comments aside, holds a Cypher statement. */
function inlineCypher(source: string): number[] {
  return withoutComments(source)
    .split('\n')
    .flatMap((line, i) => (INLINE_CYPHER.test(line) ? [i + 1] : []));
}

describe('named Cypher (cypher/<feature>/<name>.cypher)', () => {
  it('when loaded, then statements are named by folder and file, without the library or case data', () => {
    const names = Object.keys(loadCypher());
    expect(names).toEqual(
      expect.arrayContaining(['graph/node-by-id', 'search/fulltext', 'app-store-upgrade/delete-nodes']),
    );
    expect(names.some((name) => name.startsWith('queries/') || name.startsWith('cases/'))).toBe(false);
  });

  it('when the server code names a statement, then that statement exists', () => {
    const used = new Set<string>();
    for (const file of typeScriptFiles(SERVER_DIR)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /(?:(?:cypher|namedCypher|fillTemplate)\(|statement: )'([a-z-]+(?:\/[a-z-]+)+)'/g,
      )) {
        used.add(match[1]!);
      }
    }
    // A floor, so that a regex that stops matching fails here (auth statements left with issue 13).
    expect(used.size).toBeGreaterThan(50);
    for (const name of used) expect(() => cypher(name), name).not.toThrow();
  });

  it('when a template is filled, then every slot needs a fragment and every fragment a slot', () => {
    const filled = fillTemplate('graph/neighbour-labels', {
      relationship: trustedFragment('-[r:`X`]->'),
      caseDataM: trustedFragment('true'),
      caseFactR: trustedFragment('true'),
    });
    expect(filled).toContain('MATCH (n)-[r:`X`]->(m)');
    expect(() => fillTemplate('graph/neighbour-labels', {})).toThrow(/needs slot/);
    expect(() =>
      fillTemplate('graph/neighbour-labels', {
        relationship: trustedFragment(''),
        caseDataM: trustedFragment('true'),
        caseFactR: trustedFragment('true'),
        extra: trustedFragment(''),
      }),
    ).toThrow(/has no slot/);
  });

  it('when a name is quoted, then backticks inside it cannot end the identifier', () => {
    expect(quoteName('SUPPLIED')).toBe('`SUPPLIED`');
    expect(quoteName('a`) DETACH DELETE n //')).toBe('`a``) DETACH DELETE n //`');
    expect(() => quoteName('')).toThrow();
  });

  it('when an integer literal is out of bounds or not whole, then it is refused', () => {
    expect(integerLiteral(6, 1, 10)).toBe('6');
    expect(() => integerLiteral(11, 1, 10)).toThrow();
    expect(() => integerLiteral(1.5, 1, 10)).toThrow();
  });

  it('when any server file is read, then none holds a Cypher statement outside cypher/', () => {
    const files = typeScriptFiles(SERVER_DIR);
    expect(files.length).toBeGreaterThan(80);
    expect(files.some((file) => file.includes(`${path.sep}import${path.sep}`))).toBe(true);
    const found = files.flatMap((file) =>
      inlineCypher(fs.readFileSync(file, 'utf8')).map((line) => `${path.relative(SERVER_DIR, file)}:${line}`),
    );
    expect(found).toEqual([]);
  });
});

describe('the inline-Cypher check itself', () => {
  it('when code holds a statement, then its line is reported', () => {
    const statements = [
      "await tx.run('MATCH (n:Entity {id: $id}) RETURN n');",
      'const q = `UNWIND $ids AS id\n  MATCH (n) WHERE n.id = id`;',
      "driver.executeQuery('RETURN 1 AS ok');",
      "driver.executeQuery('CALL db.awaitIndexes(120)');",
      'run(`CREATE CONSTRAINT x IF NOT EXISTS FOR (n:X) REQUIRE n.id IS UNIQUE`);',
      "run('SHOW FULLTEXT INDEXES YIELD name');",
      'run(`DROP INDEX ${name} IF EXISTS`);',
      'run("MERGE (s:_GraphState {id: \'case\'})");',
      "const set = 'SET s.version = 1';",
      "const a = /x/; const b = 'MATCH (n) RETURN n';",
    ];
    for (const code of statements) expect(inlineCypher(code)[0], code).toBe(1);
  });

  it('when Cypher is only in comments, named files or prose, then nothing is reported', () => {
    const harmless = [
      '// MATCH (n) RETURN n',
      '/* UNWIND $ids AS id\n MATCH (n) */ const x = 1;',
      "/** `RETURN count(*) AS created` */ tx.run(cypher('import/heartbeat'));",
      "['CREATE', 'CREATE writes data or schema'],",
      "['SHOW', 'SHOW commands are not available in the console'],",
      "const url = 'bolt://127.0.0.1'; const quote = /'/;",
      'throw new Error(`Label not allowed: ${name}`);',
    ];
    for (const code of harmless) expect(inlineCypher(code), code).toEqual([]);
  });

  it('when a server file with an inline statement is scanned, then the scan of the folder fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inline-cypher-'));
    try {
      fs.mkdirSync(path.join(dir, 'feature', 'deeper'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'feature', 'clean.ts'),
        "export const name = cypher('graph/node-by-id');\n",
      );
      fs.writeFileSync(
        path.join(dir, 'feature', 'deeper', 'leaky.ts'),
        '// fine\nexport const q = `\n  MATCH (n:Entity)\n  RETURN n`;\n',
      );
      const found = typeScriptFiles(dir).flatMap((file) =>
        inlineCypher(fs.readFileSync(file, 'utf8')).map((line) => `${path.relative(dir, file)}:${line}`),
      );
      expect(found).toEqual([path.join('feature', 'deeper', 'leaky.ts') + ':3']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
