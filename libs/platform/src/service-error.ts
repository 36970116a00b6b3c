import { HttpProblemException, type HttpErrorDetail } from './http-exception.filter.js';

/** A service's own error: a code its HTTP layer answers with a status (and headers), a message, field details. */
export class ServiceError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: HttpErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** How a service answers each of its error codes. */
export interface ServiceErrorAnswers<Code extends string> {
  /** A status for every code: adding a code without deciding its status fails to compile. */
  readonly status: Readonly<Record<Code, number>>;
  readonly headers?: (code: Code) => Record<string, string>;
}

/**
 * The `mapError` of the global HttpExceptionFilter for one service: its errors become HTTP answers carrying
 * their details, anything else is not ours (and becomes a 500).
 */
export function serviceErrorMapper<Code extends string>(
  errorClass: abstract new (...args: never[]) => ServiceError<Code>,
  answers: ServiceErrorAnswers<Code>,
): (error: unknown) => HttpProblemException | undefined {
  return (error) => {
    if (!(error instanceof errorClass)) return undefined;
    return new HttpProblemException(answers.status[error.code], error.message, {
      errors: error.details.length > 0 ? error.details : undefined,
      headers: answers.headers?.(error.code),
      cause: error,
    });
  };
}
