// The row every variant renders, so rendering cost is the same everywhere: it counts its renders
// and, after a commit that shows the sentinel, ends the run.
import { useLayoutEffect } from 'react';
import { checkDone, countRowRender } from './bench-harness.js';

export function RowView({ id, role, text, children }) {
  countRowRender(id);
  useLayoutEffect(() => {
    if (role === 'assistant') checkDone(text);
  }, [role, text]);
  return (
    <article className="row" data-id={id} data-role={role}>
      <div className="role">{role}</div>
      {children ?? <div className="text">{text}</div>}
    </article>
  );
}
