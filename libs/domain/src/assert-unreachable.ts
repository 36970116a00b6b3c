/**
 * Makes a `switch` over a union exhaustive at compile time: adding a member without handling it is a type
 * error where the switch is, and a value that slips past the types at run time fails loudly, naming itself.
 */
export function assertUnreachable(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what} ${String(value)}`);
}
