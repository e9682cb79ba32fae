import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  ChatApiError,
  ChatRequestError,
  createChatClient,
  describeChatError,
  ErrorNotice,
  formatCost,
  formatTokens,
  MessageUsage,
  UsageSummary,
} from '../../src/index.js';
import { expectNoAxeViolations } from './axe-helper';
import { assistantMessage } from './fixtures';

const httpError = (status: number, extra: Partial<ConstructorParameters<typeof ChatApiError>[0]> = {}) =>
  new ChatApiError({ type: 'http', status, code: status, message: `HTTP ${status}`, ...extra });

describe('describeChatError', () => {
  it.each([
    [
      httpError(402, { message: 'This request requires more credits' }),
      'out-of-credits',
      'You are out of credits.',
    ],
    [httpError(401), 'unauthorized', 'The API key is missing or invalid.'],
    [httpError(429, { retryAfter: 30 }), 'rate-limited', 'Rate limited. Try again in 30 seconds.'],
    [httpError(429), 'rate-limited', 'Rate limited. Wait a moment and try again.'],
    [
      httpError(503, { retryAfter: 120 }),
      'unavailable',
      'No provider is available right now. Try again in 2 minutes.',
    ],
    [
      httpError(404, { message: 'No endpoints found that support tool use.' }),
      'no-endpoint',
      'No provider can serve this request.',
    ],
    // No error body of the endpoint's: a wrong base URL or a missing proxy route.
    [
      httpError(404, { message: 'HTTP 404 Not Found' }),
      'no-endpoint',
      'Nothing answers at this address. Check the base URL.',
    ],
    [
      httpError(405, { message: 'HTTP 405 Method Not Allowed: 405 Not Allowed' }),
      'no-endpoint',
      'Nothing answers at this address. Check the base URL.',
    ],
    [httpError(408), 'timeout', 'The request timed out.'],
    // The body is the whole conversation: a short message after a large attachment is refused too.
    [
      httpError(413),
      'too-large',
      'The conversation is too large to send. Remove a large attachment or start a new chat.',
    ],
    // A 200 whose body (or choice) holds the error: its wire code decides.
    [
      httpError(200, { code: 500, message: 'Internal Server Error' }),
      'provider',
      'The server had a problem.',
    ],
    [httpError(200, { code: 429 }), 'rate-limited', 'Rate limited. Wait a moment and try again.'],
    [
      new ChatApiError({ type: 'network', code: 'network_error', message: 'fetch failed' }),
      'network',
      'Could not reach the server. Check your connection.',
    ],
    // A connection broken after the reply began: the server was reached (the partial text stays).
    [
      new ChatApiError({
        type: 'network',
        code: 'network_error',
        message: 'Network error: terminated',
        partial: { id: 'gen', object: 'chat.completion', created: 1, model: 'm', choices: [] },
      }),
      'network',
      'The connection was cut off before the reply finished.',
    ],
    [
      new ChatApiError({ type: 'stream', code: 'stream_truncated', message: 'closed' }),
      'truncated',
      'The reply was cut off before it finished.',
    ],
    [
      new ChatApiError({ type: 'stream', code: 'server_error', message: 'Upstream died' }),
      'stream',
      'The reply failed while streaming.',
    ],
    [
      new ChatRequestError([{ path: 'model', message: 'required' }]),
      'invalid-request',
      'The request is invalid, so it was not sent.',
    ],
    // A 200 that is no completion (an app's HTML page in the endpoint's place): not a raw message.
    [
      new ChatApiError({
        type: 'http',
        status: 200,
        code: 'invalid_response',
        message: 'Expected JSON with a `choices` array, got "<!doctype html>".',
      }),
      'provider',
      'The server answered with something other than a chat reply.',
    ],
    [new Error('Disk full'), 'unknown', 'Disk full'],
  ])('describes %s', (error, kind, title) => {
    const description = describeChatError(error);
    expect(description.kind).toBe(kind);
    expect(description.title).toBe(title);
  });

  it('a missing error (undefined, null, an empty string) is the generic failure; a thrown string is its title', () => {
    const generic = describeChatError(new Error());
    expect(generic).toMatchObject({ kind: 'unknown', title: 'Something went wrong.' });
    // No "undefined" or "null" in the notice: nothing was thrown that could say more.
    for (const error of [undefined, null, '']) expect(describeChatError(error)).toStrictEqual(generic);
    expect(describeChatError('boom')).toMatchObject({ kind: 'unknown', title: 'boom' });
  });

  it('says retryable exactly when ChatApiError.retryable does, for every kind the wire and the client make', () => {
    // A truncated stream and an error chunk with a string code said "retry" in the notice and
    // `retryable: false` on the error; an HTML page in the endpoint's place the other way round.
    const statuses = [
      301, 400, 401, 402, 403, 404, 405, 408, 409, 413, 422, 429, 451, 500, 502, 503, 524, 529,
    ];
    const wireCodes = [200, 400, 403, 408, 409, 429, 500, 502, '503', '403', 'server_error', 'other'];
    const errors = [
      ...statuses.flatMap((status) =>
        [status, ...wireCodes].map((code) => httpError(status, { code, message: `HTTP ${status}` })),
      ),
      ...[...wireCodes, 'invalid_response'].map((code) => httpError(200, { code, message: 'm' })),
      ...[...wireCodes, 'stream_truncated', 'invalid_chunk', 'stream_error'].map(
        (code) => new ChatApiError({ type: 'stream', code, message: 'm' }),
      ),
      new ChatApiError({ type: 'network', code: 'network_error', message: 'm' }),
      new ChatApiError({ type: 'timeout', code: 'timeout', message: 'm' }),
    ];
    const disagree = errors.filter((error) => describeChatError(error).retryable !== error.retryable);
    expect(disagree.map((error) => `${error.type} ${error.status} ${error.code}`)).toEqual([]);
    const retryable = (error: ChatApiError) => describeChatError(error).retryable;
    expect(retryable(new ChatApiError({ type: 'stream', code: 'stream_truncated', message: 'm' }))).toBe(
      true,
    );
    expect(retryable(new ChatApiError({ type: 'stream', code: 'server_error', message: 'm' }))).toBe(true);
    expect(retryable(httpError(200, { code: 'invalid_response', message: 'm' }))).toBe(false);
    const dropped = new ChatApiError({
      type: 'network',
      code: 'network_error',
      message: 'Network error: terminated',
      partial: { id: 'gen', object: 'chat.completion', created: 1, model: 'm', choices: [] },
    });
    expect(describeChatError(dropped)).toMatchObject({
      retryable: true,
      detail: 'Network error: terminated',
    });
    expect(dropped.retryable).toBe(true);
    // Any 4xx the list does not name refuses the request as 400 does.
    expect(describeChatError(httpError(409))).toMatchObject({ kind: 'bad-request', retryable: false });
    expect(describeChatError(new ChatApiError({ type: 'stream', code: '429', message: 'm' })).kind).toBe(
      'rate-limited',
    );
  });

  it('a 404 with no error body (a wrong base URL) says to check the address, not the provider', async () => {
    const client = createChatClient({
      baseUrl: '/wrong',
      fetch: async () => new Response('', { status: 404, statusText: 'Not Found' }),
    });
    const error = await client
      .complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(describeChatError(error)).toMatchObject({
      kind: 'no-endpoint',
      title: 'Nothing answers at this address. Check the base URL.',
      detail: 'HTTP 404 Not Found (/wrong/chat/completions)',
      retryable: false,
    });
  });

  it('a 502 whose raw error is an HTML page or JSON without a message shows words, not the markup', async () => {
    for (const [raw, detail] of [
      [
        '<html><head><title>520: Web server is returning an unknown error</title></head><body><div>x</div></body></html>',
        'Provider returned error (Foo): 520: Web server is returning an unknown error',
      ],
      ['{"type":"error","error":{"type":"overloaded_error"}}', 'Provider returned error (Foo)'],
      ['{"detail":"model overloaded"}', 'Provider returned error (Foo): model overloaded'],
    ]) {
      const client = createChatClient({
        fetch: async () =>
          Response.json(
            {
              error: {
                code: 502,
                message: 'Provider returned error',
                metadata: { provider_name: 'Foo', raw },
              },
            },
            { status: 502 },
          ),
        maxRetries: 0,
      });
      const error = await client
        .complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught);
      expect(describeChatError(error)).toMatchObject({
        kind: 'provider',
        title: 'Foo returned an error.',
        detail,
      });
    }
  });

  it("a Wi-Fi sign-in page answering in the endpoint's place is named by its title in the notice, not shown as markup", async () => {
    const page =
      '<!DOCTYPE html><html><head><title>Hotel Wi-Fi - Sign in</title><style>p{}</style></head><body><p>Accept</p></body></html>';
    const client = createChatClient({
      fetch: async () => new Response(page, { headers: { 'content-type': 'text/html' } }),
      maxRetries: 0,
    });
    const error = await client
      .complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    render(<ErrorNotice error={error} />);
    const text = screen.getByRole('alert').textContent ?? '';
    expect(text).toContain('Hotel Wi-Fi - Sign in');
    expect(text).not.toMatch(/[<>]/);
  });

  it('lists moderation reasons', () => {
    const error = httpError(403, { metadata: { reasons: ['violence', 'hate'], flagged_input: 'x' } });
    expect(describeChatError(error)).toMatchObject({ kind: 'moderation', reasons: ['violence', 'hate'] });
  });

  it('digs the real message out of a 502 raw string', () => {
    const error = httpError(502, {
      metadata: { provider_name: 'Anthropic', raw: '{"error":{"message":"Overloaded"}}' },
    });
    expect(describeChatError(error)).toMatchObject({
      title: 'Anthropic returned an error.',
      detail: 'Overloaded',
    });
  });

  it('a 502 raw error nested thousands deep is described by its message, without overflowing the stack', () => {
    // 270 kB from the endpoint: read level by level, it overflowed the stack, and the notice
    // threw (a ChatWindow showing it was unmounted whole). Its text is JSON: not shown.
    const raw = `${'{"error":'.repeat(30_000)}{"message":"deep"}${'}'.repeat(30_000)}`;
    const error = httpError(502, { metadata: { raw } });
    expect(describeChatError(error)).toMatchObject({ kind: 'provider', detail: 'HTTP 502' });
    render(<ErrorNotice error={error} />);
    expect(screen.getByRole('alert').textContent).toContain('The provider returned an error.');
    // Nested as deep as providers nest, the message is still found.
    const shallow = `${'{"error":'.repeat(7)}{"message":"Overloaded"}${'}'.repeat(7)}`;
    expect(describeChatError(httpError(502, { metadata: { raw: shallow } })).detail).toBe('Overloaded');
  });

  it('recognises an exceeded context length', () => {
    const error = httpError(400, { metadata: { error_type: 'context_length_exceeded' } });
    expect(describeChatError(error).kind).toBe('context-length');
  });

  it('an exceeded context length is retryable exactly when ChatApiError.retryable says, whatever its code', () => {
    // A mid-stream error chunk saying so with a 5xx or string code is retryable on the error (its
    // code is no 4xx): the description said not.
    const metadata = { error_type: 'context_length_exceeded' };
    const errors = [
      ...[500, 'server_error', 400, '413'].map(
        (code) => new ChatApiError({ type: 'stream', code, message: 'm', metadata }),
      ),
      httpError(400, { metadata }),
      httpError(200, { code: 502, metadata }),
    ];
    expect(errors.map((error) => describeChatError(error))).toMatchObject(
      errors.map((error) => ({ kind: 'context-length', retryable: error.retryable })),
    );
    expect(errors.map((error) => error.retryable)).toEqual([true, true, false, false, false, true]);
  });
});

describe('ErrorNotice', () => {
  it('announces the error in words with a working Retry button', async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    const { container } = render(
      <ErrorNotice error={httpError(403, { metadata: { reasons: ['self-harm'] } })} onRetry={onRetry} />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-kind')).toBe('moderation');
    expect(alert.textContent).toContain('flagged by moderation');
    expect(screen.getByRole('list', { name: 'Reasons' }).textContent).toBe('self-harm');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    await expectNoAxeViolations(container);
  });

  it('announce={false} (a failure shown again) shows the notice without role="alert"', () => {
    const { container } = render(<ErrorNotice error={httpError(402)} announce={false} />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(container.textContent).not.toBe('');
  });

  it('renders nothing without an error, and no Retry without a handler', () => {
    const { container, rerender } = render(<ErrorNotice error={undefined} />);
    expect(container.innerHTML).toBe('');
    rerender(<ErrorNotice error={httpError(402)} />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('offers Retry for errors that are not retryable too: it asks with the settings of the moment', async () => {
    // A new key, credits added or another model picked make the same turn succeed.
    for (const error of [httpError(401), httpError(402), httpError(403), httpError(413), httpError(400)]) {
      const onRetry = vi.fn();
      const { unmount } = render(<ErrorNotice error={error} onRetry={onRetry} />);
      expect(describeChatError(error).retryable).toBe(false);
      await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
      expect(onRetry).toHaveBeenCalledTimes(1);
      unmount();
    }
  });
});

describe('usage', () => {
  it('formats cost', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.0002915)).toBe('$0.000292');
    expect(formatCost(1.5)).toBe('$1.50');
    // Other locales through Intl: two decimals from one cent up, three significant digits below.
    const usd = { style: 'currency', currency: 'USD' } as const;
    for (const value of [1.005, 1234.5, 2.675, -0.5]) {
      expect(formatCost(value, 'de')).toBe(
        new Intl.NumberFormat('de', { ...usd, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
          value,
        ),
      );
    }
    expect(formatCost(0.0002915, 'de')).toBe(
      new Intl.NumberFormat('de', { ...usd, maximumSignificantDigits: 3 }).format(0.0002915),
    );
  });

  it('formats the default locale without Intl exactly as Intl does', () => {
    // The `en` path is written by hand (no locale data to load); Intl is the reference.
    const tokens = (count: number) => new Intl.NumberFormat('en').format(count);
    const cost = (value: number) =>
      new Intl.NumberFormat(
        'en',
        Math.abs(value) >= 0.01
          ? { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }
          : { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 },
      ).format(value);
    const Intl0 = globalThis.Intl;
    const counts = [0, 1, 12, 999, 1000, 1234, 99_999, 100_000, 1_234_567, 2 ** 40, Number.MAX_SAFE_INTEGER];
    // Halves and near-halves at both precisions, the cent boundary, big amounts, and the tiny ones
    // that `toPrecision` writes with an exponent.
    const costs = [
      0.125, 0.375, 1.005, 1.015, 2.675, 0.0001235, 0.00012345, 0.000125, 0.00995, 0.009999, 0.00999, 0.01,
      0.014999, 0.015, 0.5, 1, 999.995, 1234.5, 1_000_000.004, 0.0000012, 0.00000012, 1e-9,
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let i = 0; i < 2000; i++) {
      counts.push(Math.floor(random() * 10 ** Math.floor(random() * 13)));
      costs.push(random() * 10 ** (Math.floor(random() * 14) - 8));
    }
    vi.stubGlobal('Intl', {
      NumberFormat: class {
        constructor() {
          throw new Error('Intl used for the default locale');
        }
      },
    });
    let hand: { counts: string[]; costs: (string | undefined)[] } = { counts: [], costs: [] };
    try {
      hand = {
        counts: counts.map((count) => formatTokens(count)),
        // Below 1e-6 Intl is used (exponent digits): those are checked after the stub is gone.
        costs: costs.map((value) => (value >= 1e-6 ? formatCost(value) : undefined)),
      };
    } finally {
      vi.stubGlobal('Intl', Intl0);
    }
    expect(hand.counts).toEqual(counts.map(tokens));
    expect(hand.costs).toEqual(costs.map((value) => (value >= 1e-6 ? cost(value) : undefined)));
    for (const value of costs.filter((value) => value < 1e-6)) expect(formatCost(value)).toBe(cost(value));
    expect(formatTokens(1234.5)).toBe(tokens(1234.5));
    expect(formatTokens(1234, 'de')).toBe('1.234');
    expect(formatCost(-1.5)).toBe(cost(-1.5));
  });

  it('shows tokens and cost of a message', async () => {
    const message = assistantMessage('Hi', {
      usage: {
        prompt_tokens: 29,
        completion_tokens: 33,
        total_tokens: 62,
        cost: 0.00002415,
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    });
    const { container } = render(<MessageUsage message={message} />);
    expect(container.textContent).toBe('62 tokens (29 in, 33 out, 12 reasoning) · $0.0000242');
    await expectNoAxeViolations(container);
  });

  it('shows thread totals with a label, and nothing without usage', () => {
    const { container, rerender } = render(
      <UsageSummary
        label="Thread"
        usage={{ prompt_tokens: 1000, completion_tokens: 234, total_tokens: 1234, cost: 0.5 }}
      />,
    );
    expect(container.textContent).toBe('Thread: 1,234 tokens (1,000 in, 234 out) · $0.50');
    rerender(<UsageSummary usage={undefined} />);
    expect(container.innerHTML).toBe('');
  });
});
