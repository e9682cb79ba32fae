import type { Context } from 'react';
import { useContext } from 'react';

/**
 * The value of `context`; throws `<Namespace.Part> must be rendered inside <Namespace.Root>.`
 * when there is no provider above.
 */
export function useRequiredContext<T>(context: Context<T | undefined>, namespace: string, part: string): T {
  const value = useContext(context);
  if (!value) throw new Error(`<${namespace}.${part}> must be rendered inside <${namespace}.Root>.`);
  return value;
}
