/**
 * Runs the user's handler first, then ours unless the user called `event.preventDefault()`.
 * This is how every part lets apps override its built-in behaviour.
 */
export function composeEventHandlers<E extends { defaultPrevented: boolean }>(
  external: ((event: E) => void) | undefined,
  internal: (event: E) => void,
): (event: E) => void {
  return (event: E) => {
    external?.(event);
    if (!event.defaultPrevented) internal(event);
  };
}
