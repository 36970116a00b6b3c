import { ApiProperty } from '@nestjs/swagger';

// Every instant the api answers with is ISO-8601 text in UTC (`Date.toISOString()`); these say so in the
// OpenAPI document in one place.

/** An instant, as ISO-8601 text. */
export const ApiDateTime = (description?: string) => ApiProperty({ format: 'date-time', description });

/** An instant that may not have happened (yet): ISO-8601 text or null. */
export const ApiDateTimeOrNull = (description?: string) =>
  ApiProperty({ type: String, format: 'date-time', nullable: true, description });

/** A span of time, from (inclusive) to (exclusive). */
export class TimeWindowView {
  @ApiDateTime()
  from: string;

  @ApiDateTime()
  to: string;
}
