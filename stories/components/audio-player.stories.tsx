import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { AudioPlayer } from '../../src/index';
import { assistantMessage, SAMPLE_AUDIO_BASE64 } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

const spoken = assistantMessage({
  content: null,
  audio: { data: SAMPLE_AUDIO_BASE64, transcript: 'Hello! This is a short tone.' },
});

const meta = {
  title: 'Components/AudioPlayer',
  tags: ['autodocs'],
  component: AudioPlayer,
  args: { message: spoken },
} satisfies Meta<typeof AudioPlayer>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A player for `message.audio` (base64 WAV) with its transcript. */
export const Default: Story = {};

/** Audio and transcript streamed from `mock/audio`. */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation
      prompt="Say hello"
      request={{
        model: 'mock/audio',
        modalities: ['text', 'audio'],
      }}
    >
      {({ message }) => <ReplyView message={message} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-status="done"] audio')).not.toBeNull(), {
      timeout: 15_000,
    });
    const audio = canvasElement.querySelector('audio');
    await expect(audio?.getAttribute('src') ?? '').toMatch(/^(blob|data):/);
  },
};

/** Audio whose data is not decodable: the transcript still shows. */
const ErrorState: Story = {
  args: {
    message: assistantMessage({
      content: null,
      audio: { data: '%%%not-base64', transcript: 'Transcript only.' },
    }),
  },
};

/** With transcript, transcript hidden, no audio (nothing). */
export const AllStates: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={[
        { label: 'with transcript', node: <AudioPlayer message={spoken} /> },
        { label: 'transcript hidden', node: <AudioPlayer message={spoken} hideTranscript /> },
        { label: 'no audio', node: <AudioPlayer message={assistantMessage({ content: 'Text only.' })} /> },
      ]}
    />
  ),
};

export { ErrorState as Error };
