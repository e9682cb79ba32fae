import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// How long findBy*/waitFor wait for what they look for: a streamed reply on a loaded two-core
// machine can take over a second, while a failing wait is rare, so every DOM test file waits up
// to 10 s (Testing Library's 1 s default failed whole replies under load).
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});
