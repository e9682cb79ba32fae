import type { CSSProperties, HTMLAttributes } from 'react';

/** Hides content visually while keeping it for screen readers (works without the theme). */
export const visuallyHiddenStyle: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** Text for screen readers only. */
export function VisuallyHidden(props: Omit<HTMLAttributes<HTMLSpanElement>, 'style'>) {
  return <span {...props} style={visuallyHiddenStyle} />;
}
