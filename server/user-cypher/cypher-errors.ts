/**
 * Errors of user-written Cypher (the console and saved queries), mapped by Neo4j error `code`.
 *
 * Nothing Neo4j says is passed on as text: a syntax error becomes 400 CYPHER_SYNTAX with the line
 * and column only, other statement errors a fixed sentence per kind. Anything not recognised falls
 * back to the app-wide mapping (`toAppError`: timeouts, an unreachable database).
 */
import { Neo4jError } from 'neo4j-driver';
import { AppError, ForbiddenError, toAppError } from '../errors.js';
import type { SourcePosition } from './gate.js';

/** The query is not valid Cypher; `details` holds only its position. */
export class CypherSyntaxError extends AppError {
  constructor(position?: SourcePosition) {
    super(
      400,
      'CYPHER_SYNTAX',
      position
        ? `The query is not valid Cypher (line ${position.line}, column ${position.column})`
        : 'The query is not valid Cypher',
      position ? { line: position.line, column: position.column } : undefined,
    );
  }
}

/** The query is refused by a read-only layer (the gate, the query-type check, READ mode). */
export class CypherNotAllowedError extends ForbiddenError {
  constructor(message: string, position?: SourcePosition) {
    super(
      'CYPHER_NOT_ALLOWED',
      message,
      position ? { line: position.line, column: position.column } : undefined,
    );
  }
}

/** Neo4j's own position text, e.g. `(line 3, column 7 (offset: 40))`: numbers only are kept. */
const POSITION = /\(line (\d+), column (\d+) \(offset: \d+\)\)/;

function positionOf(error: Neo4jError, lineOffset = 0): SourcePosition | undefined {
  const match = POSITION.exec(error.message);
  if (!match) return undefined;
  const line = Number(match[1]) - lineOffset;
  const column = Number(match[2]);
  // Neo4j reports 0/0 for whole-query problems ("expected one statement"); that is no position.
  return line > 0 && column > 0 ? { line, column } : undefined;
}

/** Fixed messages for statement errors, by code: what went wrong, in our words. */
const STATEMENT_ERRORS: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  'Neo.ClientError.Statement.SemanticError': {
    status: 400,
    code: 'CYPHER_SEMANTIC',
    message: 'The query is well-formed but does not make sense to Neo4j (check variables and types)',
  },
  'Neo.ClientError.Statement.TypeError': {
    status: 400,
    code: 'CYPHER_TYPE',
    message: 'A value in the query has the wrong type for how it is used',
  },
  'Neo.ClientError.Statement.ArgumentError': {
    status: 400,
    code: 'CYPHER_ARGUMENT',
    message: 'A function or procedure was called with an invalid argument',
  },
  'Neo.ClientError.Statement.ArithmeticError': {
    status: 400,
    code: 'CYPHER_ARITHMETIC',
    message: 'The query divides by zero or overflows a number',
  },
  'Neo.ClientError.Statement.ParameterMissing': {
    status: 422,
    code: 'CYPHER_PARAMETER_MISSING',
    message: 'The query uses a $parameter that was not given',
  },
  'Neo.ClientError.Statement.EntityNotFound': {
    status: 400,
    code: 'CYPHER_ENTITY_NOT_FOUND',
    message: 'The query refers to a node or relationship that no longer exists',
  },
  'Neo.ClientError.Statement.PropertyNotFound': {
    status: 400,
    code: 'CYPHER_PROPERTY_NOT_FOUND',
    message: 'The query refers to a property that does not exist',
  },
  'Neo.ClientError.Procedure.ProcedureNotFound': {
    status: 400,
    code: 'CYPHER_PROCEDURE_NOT_FOUND',
    message: 'The query calls a procedure or function that this database does not have',
  },
  'Neo.ClientError.Procedure.ProcedureCallFailed': {
    status: 400,
    code: 'CYPHER_PROCEDURE_FAILED',
    message: 'A procedure called by the query failed (check its arguments)',
  },
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError': {
    status: 422,
    code: 'QUERY_TOO_LARGE',
    message: 'The query needed more memory than the database allows; narrow it down',
  },
  'Neo.TransientError.General.TransactionMemoryLimit': {
    status: 422,
    code: 'QUERY_TOO_LARGE',
    message: 'The query needed more memory than the database allows; narrow it down',
  },
};

/**
 * Maps whatever running user Cypher threw to an AppError. Client errors we do not list still
 * become a 400 (the query, not the server, is at fault), never a 500 carrying Neo4j's text.
 */
export function userCypherError(error: unknown, options: { lineOffset?: number } = {}): unknown {
  if (error instanceof AppError) return error;
  const mapped = toAppError(error);
  if (mapped !== error || !(error instanceof Neo4jError)) return mapped;
  const code = error.code;
  if (code === 'Neo.ClientError.Statement.SyntaxError') {
    return new CypherSyntaxError(positionOf(error, options.lineOffset));
  }
  if (code === 'Neo.ClientError.Statement.AccessMode' || code.startsWith('Neo.ClientError.Security.')) {
    return new CypherNotAllowedError('The console is read-only: the query tried to write');
  }
  const known = STATEMENT_ERRORS[code];
  if (known) {
    const position = positionOf(error, options.lineOffset);
    return new AppError(known.status, known.code, known.message, position);
  }
  if (code.startsWith('Neo.ClientError.')) {
    return new AppError(400, 'CYPHER_ERROR', 'Neo4j refused the query');
  }
  return error;
}
