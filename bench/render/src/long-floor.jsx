// Long-thread floor: the same 10,000 rows in a bare @tanstack/react-virtual list (dynamic row
// heights, measured), scrolled to the latest message. `?virtual=0` renders every row instead.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef } from 'react';
import { params, registerBench } from './bench-harness.js';
import { createLongThread, createLongThreadBench } from './long-thread.jsx';
import { RowView } from './row-view.jsx';

const messages = createLongThread(Number(params.get('messages') ?? 10_000));

const Row = memo(function Row({ message }) {
  return <RowView id={message.id} role={message.role} text={message.content} />;
});

function VirtualList() {
  const parent = useRef(null);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 90,
    overscan: 4,
    getItemKey: (index) => messages[index].id,
  });
  useLayoutEffect(() => {
    virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
  }, [virtualizer]);
  return (
    <div ref={parent} className="list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${item.start}px)`,
            }}
          >
            <Row message={messages[item.index]} />
          </div>
        ))}
      </div>
    </div>
  );
}

function FullList() {
  const parent = useRef(null);
  useLayoutEffect(() => {
    parent.current.scrollTop = parent.current.scrollHeight;
  }, []);
  return (
    <div ref={parent} className="list">
      {messages.map((message) => (
        <Row key={message.id} message={message} />
      ))}
    </div>
  );
}

registerBench(createLongThreadBench(() => (params.get('virtual') === '0' ? <FullList /> : <VirtualList />)));
