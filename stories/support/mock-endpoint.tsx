import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { ChatClientOptions } from '../../src/index';
import { createMockFetch, type MockEndpointOptions } from '../../src/testing/index';

/**
 * Base URL the stories' client talks to. The `.invalid` top-level domain can never resolve, so a
 * request that escaped the mock `fetch` would fail instead of reaching the network.
 */
export const MOCK_BASE_URL = 'https://mock.invalid/api/v1';

/** Pacing of the mock, chosen in the toolbar (or `&globals=mockSpeed:instant` in a URL). */
export type MockSpeed = 'normal' | 'fast' | 'instant' | 'slow';

/** Milliseconds between streamed chunks for each speed. */
export const MOCK_SPEED_DELAYS: Record<MockSpeed, number> = { normal: 15, fast: 2, instant: 0, slow: 60 };

/** Whether a value names a mock speed. */
export function isMockSpeed(value: unknown): value is MockSpeed {
  return typeof value === 'string' && Object.hasOwn(MOCK_SPEED_DELAYS, value);
}

/** Story parameters read by the mock endpoint decorator (`parameters.mock`). */
export interface MockParameters {
  /** Options of `createMockFetch` (the speed global sets `tokenDelayMs` unless given here). */
  endpoint?: MockEndpointOptions;
  /** Extra client options (e.g. `maxRetries`). */
  client?: Omit<ChatClientOptions, 'fetch'>;
}

/** What a story gets from the decorator: client options whose `fetch` is the built-in mock. */
export interface MockEndpoint {
  clientOptions: ChatClientOptions;
  tokenDelayMs: number;
}

const MockEndpointContext = createContext<MockEndpoint | undefined>(undefined);

/**
 * Client options for the mock endpoint. Error stories want the notice at once, so the client does
 * not retry (429 and 503 would otherwise wait for their Retry-After first) unless asked to.
 */
export function createMockEndpoint(tokenDelayMs: number, parameters: MockParameters = {}): MockEndpoint {
  const fetch = createMockFetch({ tokenDelayMs, ...parameters.endpoint });
  return {
    tokenDelayMs: parameters.endpoint?.tokenDelayMs ?? tokenDelayMs,
    clientOptions: { baseUrl: MOCK_BASE_URL, maxRetries: 0, ...parameters.client, fetch },
  };
}

/** Provides the mock endpoint to a story; one `fetch` per mount, so stories never share state. */
export function MockEndpointProvider({
  tokenDelayMs,
  parameters,
  children,
}: {
  tokenDelayMs: number;
  parameters?: MockParameters | undefined;
  children: ReactNode;
}) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: parameters are static per story.
  const value = useMemo(() => createMockEndpoint(tokenDelayMs, parameters), [tokenDelayMs]);
  return <MockEndpointContext.Provider value={value}>{children}</MockEndpointContext.Provider>;
}

/** The mock endpoint of the story (a default one outside the decorator, e.g. in docs). */
export function useMockEndpoint(): MockEndpoint {
  const endpoint = useContext(MockEndpointContext);
  return useMemo(() => endpoint ?? createMockEndpoint(MOCK_SPEED_DELAYS.normal), [endpoint]);
}
