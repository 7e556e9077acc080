/**
 * Freezes a plain value and everything it holds (objects and arrays), so that what was served
 * once cannot be changed by whoever it is handed to next. Returns the same value.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
