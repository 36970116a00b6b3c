/** An AMQP error as one line: rhea hands over Errors, AMQP error records ({condition, description}) or nothing. */
export function describeAmqpError(error: unknown): string {
  if (error === undefined || error === null) return 'no error given';
  if (error instanceof Error) return error.message;
  if (typeof error === 'object') {
    const { condition, description } = error as { condition?: unknown; description?: unknown };
    if (typeof condition === 'string')
      return typeof description === 'string' ? `${condition}: ${description}` : condition;
    return JSON.stringify(error) ?? 'unknown error';
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}
