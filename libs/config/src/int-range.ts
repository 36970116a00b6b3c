import { IsInt, Max, Min } from 'class-validator';

/**
 * A whole number from `min` to `max`: the shape of nearly every numeric setting. Registers the same three
 * checks, in the same order, as stacking `@IsInt() @Min(min) @Max(max)`, so start-up messages read the same.
 */
export function IntRange(min: number, max: number): PropertyDecorator {
  return (target, propertyKey) => {
    Max(max)(target, propertyKey as string);
    Min(min)(target, propertyKey as string);
    IsInt()(target, propertyKey as string);
  };
}
