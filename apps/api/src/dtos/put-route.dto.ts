import { IsArray, IsObject, IsOptional, IsString } from 'class-validator';

/**
 * `PUT /v1/routes/:model` body. Only the shape is checked here; the domain's validateRoute judges the content
 * (stage names, duplicates, slot kinds and counts) and lists every problem at once.
 */
export class PutRouteDto {
  @IsArray()
  @IsString({ each: true })
  stages: string[];

  @IsOptional()
  @IsObject()
  requiredSlots?: Record<string, number>;
}
