/**
 * A view class's fields as a plain object type. Views are built as object literals; the classes exist to
 * describe them to the OpenAPI generator, so code that spreads or extends a view works on this instead.
 */
export type Plain<T> = { [K in keyof T]: T[K] };
