import type { Meta, StoryObj } from '@storybook/react-vite';

function Welcome() {
  return (
    <main>
      <h1>react-chat-completions</h1>
      <p>React hooks and headless components for OpenRouter-compatible chat completions.</p>
    </main>
  );
}

const meta = { title: 'Introduction', component: Welcome } satisfies Meta<typeof Welcome>;
export default meta;

export const Default: StoryObj<typeof meta> = {};
