import type { ChatCompletionRequest } from '../core/types.js';
import { lastUserText, turnIndex } from './prompt.js';
import { createRandom, hashString, type Random } from './random.js';
import type { MockEndpointOptions } from './types.js';

/** Everything a scenario needs to script its reply. */
export interface ScenarioContext {
  request: ChatCompletionRequest;
  options: MockEndpointOptions;
  random: Random;
  /** Text of the last user message. */
  prompt: string;
  /** How many assistant turns came before this one. */
  turn: number;
  /** Milliseconds since the epoch. */
  now: number;
}

/** Builds the context; the same seed and conversation always give the same randomness. */
export function createScenarioContext(
  request: ChatCompletionRequest,
  options: MockEndpointOptions,
): ScenarioContext {
  const seed = options.seed ?? request.seed ?? Math.floor(Math.random() * 2 ** 32);
  return {
    request,
    options,
    random: createRandom(seed ^ hashString(JSON.stringify(request.messages))),
    prompt: lastUserText(request.messages),
    turn: turnIndex(request.messages),
    now: (options.now ?? Date.now)(),
  };
}
