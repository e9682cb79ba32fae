import type { ComponentType, ReactNode } from 'react';

/** Lays out one labelled example per state, for the "AllStates" stories. */
export function StateGrid({ items }: { items: { label: string; node: ReactNode }[] }) {
  return (
    <div
      style={{
        display: 'grid',
        gap: '1.25rem',
        gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
      }}
    >
      {items.map((item) => (
        <section key={item.label} aria-label={item.label} data-state-example={item.label}>
          <h2 style={{ font: '600 0.8rem/1.4 system-ui, sans-serif', margin: '0 0 0.5rem', opacity: 0.7 }}>
            {item.label}
          </h2>
          {item.node}
        </section>
      ))}
    </div>
  );
}

/**
 * Parameters of a story that renders its parts with props of its own (`render: () => …`): the
 * meta's args would change nothing there, so the Controls panel offers none.
 */
export const NO_CONTROLS = { controls: { disable: true } } as const;

/**
 * A decorator for a story whose component renders nothing: a note under it says so, so the canvas
 * does not look broken (the story's args still reach the component).
 */
export function nothingRendered(note: string) {
  return (Story: ComponentType) => (
    <>
      <Story />
      <p style={{ color: 'var(--rcc-fg-muted)', fontStyle: 'italic' }}>{note}</p>
    </>
  );
}
