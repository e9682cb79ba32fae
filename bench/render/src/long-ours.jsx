// Long thread, ours: the drop-in ChatWindow (virtualized MessageList, Markdown, default theme)
// opened on a 10,000-message thread.
import { ChatWindow } from 'react-chat-completions';
import 'react-chat-completions/styles.css';
import './long-ours.css';
import { params, registerBench } from './bench-harness.js';
import { createLongThread, createLongThreadBench } from './long-thread.jsx';
import { createSseFetch, prepareReply, replyTokens } from './sse-source.js';

const messages = createLongThread(Number(params.get('messages') ?? 10_000));
const clientOptions = {
  apiKey: 'sk-bench',
  baseUrl: 'http://127.0.0.1:9/api/v1',
  fetch: createSseFetch(prepareReply(replyTokens(10))),
};

registerBench(
  createLongThreadBench(() => (
    <div style={{ height: '100vh' }}>
      <ChatWindow
        clientOptions={clientOptions}
        request={{ model: 'bench/model' }}
        storeOptions={{ initialMessages: messages }}
      />
    </div>
  )),
);
