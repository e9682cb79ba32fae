import type { Meta, StoryObj } from '@storybook/react-vite';
import { type ComponentProps, type ComponentType, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ActionBar, BranchPicker, type ChatControls, selectSiblings } from '../../src/index';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, nothingRendered, StateGrid } from '../support/state-grid';

/** The three parts in a `BranchPicker.Root` whose index is kept in state (from `defaultIndex`). */
function Picker({
  defaultIndex = 0,
  ...root
}: Omit<BranchPicker.RootProps, 'index' | 'onIndexChange'> & { defaultIndex?: number }) {
  const [index, setIndex] = useState(defaultIndex);
  return (
    <BranchPicker.Root {...root} index={index} onIndexChange={setIndex}>
      <BranchPicker.Previous />
      <BranchPicker.Count />
      <BranchPicker.Next />
    </BranchPicker.Root>
  );
}

/** The stories' args: `Picker`'s, and the root's `index` and `onIndexChange`, which it sets itself. */
type Args = ComponentProps<typeof Picker> & Partial<Pick<BranchPicker.RootProps, 'index' | 'onIndexChange'>>;

const meta = {
  title: 'Components/BranchPicker',
  tags: ['autodocs'],
  // The root's props table (its required `index` and `onIndexChange` are set by `Picker`).
  component: BranchPicker.Root as unknown as ComponentType<Args>,
  render: (args) => <Picker {...args} />,
  parameters: {
    docs: {
      description: {
        component:
          'Moves between the versions of a turn (`< 2 / 3 >`), made by editing or regenerating; renders nothing for a single version. The stories keep the index in state (from their `defaultIndex`); the props tables document the root, then each part.',
      },
      // The story's own arg, in the Controls panel only.
      controls: { exclude: ['defaultIndex'] },
    },
  },
  subcomponents: {
    'BranchPicker.Previous': BranchPicker.Previous,
    'BranchPicker.Count': BranchPicker.Count,
    'BranchPicker.Next': BranchPicker.Next,
  },
  args: { count: 3, defaultIndex: 1 },
  // Kept in state by `Picker`: documented, with no control.
  argTypes: { index: { control: false }, onIndexChange: { control: false } },
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

/** `‹ 2 / 3 ›`: the versions of one turn. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Next version' }));
    await expect(canvas.getByText('Version 3 of 3')).toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Next version' })).toBeDisabled();
  },
};

function Versions({ chat }: { chat: ChatControls }) {
  const reply = [...chat.messages].reverse().find((message) => message.role === 'assistant');
  const siblings = reply ? selectSiblings(chat.store.getState(), reply.id) : { ids: [], index: -1 };
  return (
    <ReplyView message={reply}>
      {reply && (
        <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
          <BranchPicker.Root
            index={siblings.index}
            count={siblings.ids.length}
            onIndexChange={(index) => {
              const id = siblings.ids[index];
              if (id) chat.switchBranch(id);
            }}
          >
            <BranchPicker.Previous />
            <BranchPicker.Count />
            <BranchPicker.Next />
          </BranchPicker.Root>
          <ActionBar.Regenerate message={reply} onRegenerate={(id) => chat.regenerate(id)} />
        </div>
      )}
    </ReplyView>
  );
}

/** Regenerate streams a second version from the mock; the picker moves between both. */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation prompt="Name a colour" request={{ model: 'mock/text' }}>
      {({ chat }) => <Versions chat={chat} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const regenerate = await canvas.findByRole('button', { name: 'Regenerate' }, { timeout: 15_000 });
    await waitFor(() => expect(regenerate).toBeEnabled(), { timeout: 15_000 });
    await userEvent.click(regenerate);
    await canvas.findByText('Version 2 of 2', {}, { timeout: 15_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Previous version' }));
    await canvas.findByText('Version 1 of 2');
  },
};

/** No versions to pick from: a single version renders nothing unless forced. */
const ErrorState: Story = {
  args: { count: 1 },
  decorators: [nothingRendered('Nothing above: one version, so no picker (forceMount shows it anyway).')],
};

/** First, middle, last; and a forced single version. */
export const AllStates: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={[
        { label: 'first of 3', node: <Picker count={3} /> },
        { label: 'middle', node: <Picker count={3} defaultIndex={1} /> },
        { label: 'last', node: <Picker count={3} defaultIndex={2} /> },
        {
          label: 'single (forceMount)',
          node: (
            <BranchPicker.Root index={0} count={1} onIndexChange={() => undefined} forceMount>
              <BranchPicker.Previous />
              <BranchPicker.Count />
              <BranchPicker.Next />
            </BranchPicker.Root>
          ),
        },
      ]}
    />
  ),
};

export { ErrorState as Error };
