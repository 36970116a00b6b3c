import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblem {
  @ApiProperty({
    example: 'limit',
    description: 'Dotted path of the field, or `body` for the body as a whole',
  })
  path: string;

  @ApiProperty({ example: 'limit must not be greater than 500' })
  reason: string;
}

/** The one error shape of every HTTP service (libs/platform HttpExceptionFilter). */
export class Problem {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'Validation failed' })
  message: string;

  @ApiPropertyOptional({ type: [FieldProblem], description: 'Every failing field, for 400s' })
  errors?: FieldProblem[];
}
