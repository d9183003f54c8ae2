/**
 * The errors of signing in and of access control, in the app's one error shape.
 * 401: nobody (valid) is signed in; 403: signed in, but not allowed.
 */
import { AppError } from '../errors.js';

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in first (or send a valid API token)') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export class InvalidCredentialsError extends AppError {
  constructor() {
    // The same words whether the name or the password was wrong, or the user is disabled.
    super(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
  }
}

export class AccessDeniedError extends AppError {
  constructor(
    code: 'FORBIDDEN' | 'SESSION_REQUIRED' | 'CSRF_FAILED' | 'ORIGIN_NOT_ALLOWED',
    message: string,
  ) {
    super(403, code, message);
  }
}

export class TooManyAttemptsError extends AppError {
  constructor() {
    super(429, 'TOO_MANY_ATTEMPTS', 'Too many sign-in attempts; wait a minute and try again');
  }
}
