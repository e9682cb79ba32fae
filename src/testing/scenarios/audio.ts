import type { AudioDelta } from '../../core/types.js';
import type { ScenarioContext } from '../context.js';
import { finishedPlan, type MockPlan, type MockStep } from '../plan.js';
import { excerpt, splitTokens } from '../prompt.js';
import { pick, randomToken } from '../random.js';
import { createToneWavBase64 } from '../wav.js';

/**
 * Spoken output: a tiny WAV streamed in `delta.audio.data` pieces beside transcript pieces, the
 * first also naming it (`id`, `expires_at`). No `format`: WIRE.md's audio has none, so a client
 * reads the bytes to know what they are.
 */
export function createAudioPlan(context: ScenarioContext): MockPlan {
  const transcript = splitTokens(
    `Here is a short tone in answer to “${excerpt(context.prompt, 60) || 'your message'}”. Press play to hear it.`,
  );
  const data = createToneWavBase64({ frequency: pick(context.random, [440, 523.25, 659.25]) });
  const size = Math.ceil(data.length / transcript.length);
  const steps = transcript.map((piece, index): MockStep => {
    const audio: AudioDelta = { data: data.slice(index * size, (index + 1) * size), transcript: piece };
    if (index === 0) {
      Object.assign(audio, {
        id: `audio_${randomToken(context.random, 24)}`,
        expires_at: Math.floor(context.now / 1000) + 3600,
      });
    }
    return { type: 'delta', kind: 'audio', delta: { audio }, tokens: 1 };
  });
  return finishedPlan(steps);
}
