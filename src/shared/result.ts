/** The error half of every API result: a stable code for programs, a sentence for people. */
export interface ApiError {
  code: string;
  message: string;
}

/** What every request handler returns: handlers never throw across a process boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps an error code and message as a failed result. */
export function err<T = never>(code: string, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** An Error that carries a stable code, for engine code that throws and handlers that catch. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/** Turns anything thrown into an ApiError, keeping the code of a CodedError. */
export function toApiError(error: unknown, fallbackCode = 'internal'): ApiError {
  if (error instanceof CodedError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: fallbackCode, message: error.message };
  return { code: fallbackCode, message: String(error) };
}
