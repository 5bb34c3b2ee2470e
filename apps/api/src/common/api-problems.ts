import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { problemTypeUrl } from '@mapflow/client/problem-types';
import { describe } from './problem';
import { ErrorCode } from './errors';

class FieldErrorDto {
  @ApiProperty({ example: 'tier' })
  field!: string;
  @ApiProperty({ example: 'tier must be one of select, advanced, premier' })
  message!: string;
}

class MissingItemDto {
  @ApiProperty({ example: 'business_case_approved' })
  key!: string;
  @ApiProperty({
    example: 'The customer has not approved the business case yet.',
  })
  description!: string;
}

/** RFC 9457 problem document (content type application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: problemTypeUrl(ErrorCode.Validation) })
  type!: string;
  @ApiProperty({ example: 'The request is invalid' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ example: 'property color should not exist' })
  detail!: string;
  @ApiPropertyOptional({ example: '/v1/orgs' })
  instance?: string;
  @ApiPropertyOptional({ example: 'req-1' })
  requestId?: string;
  @ApiPropertyOptional({
    description: 'The state that refused the request (409)',
    example: 'assess',
  })
  state?: string;
  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Each invalid field (400)',
  })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({
    type: [MissingItemDto],
    description: 'Each unmet gate item (409)',
  })
  missing?: MissingItemDto[];
}

const WHEN: Record<number, string> = {
  400: 'Malformed input: shape, types, formats, unknown fields, or a body that is not JSON',
  401: 'No API key, or an unknown one',
  403: 'Your role may not do this',
  404: 'Not found, or not visible to you',
  409: 'A rule of the current state refuses it',
  412: 'If-Match does not match the current version',
  413: 'Body over the size limit',
  422: 'Idempotency-Key reused with a different body',
  428: 'If-Match is required',
  429: 'Rate limit reached',
  431: 'The request line and headers exceed 16 KiB',
  503: 'Database unavailable',
};

const EXAMPLE_CODE: Record<number, ErrorCode> = {
  400: ErrorCode.Validation,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.StateConflict,
  412: ErrorCode.PreconditionFailed,
  413: ErrorCode.PayloadTooLarge,
  422: ErrorCode.IdempotencyKeyReused,
  428: ErrorCode.PreconditionRequired,
  429: ErrorCode.RateLimited,
  431: ErrorCode.HeadersTooLarge,
  503: ErrorCode.DatabaseUnavailable,
};

/** Documents the problem responses a route can give, by status. 503 is added to every route. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[...new Set([...statuses, 503])].map((status) => {
      const code = EXAMPLE_CODE[status] ?? ErrorCode.Validation;
      return ApiResponse({
        status,
        description: WHEN[status] ?? describe(code).title,
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/ProblemDto' },
            example: {
              type: problemTypeUrl(code),
              title: describe(code).title,
              status,
              detail: WHEN[status] ?? describe(code).title,
            },
          },
        },
      });
    }),
  );
}
