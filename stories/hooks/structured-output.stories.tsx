import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useRef } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  type ChatMessage,
  ErrorNotice,
  getMessageText,
  type ResponseFormat,
  StructuredOutputError,
  useChatStream,
} from '../../src/index';
import { useMockEndpoint } from '../support/mock-endpoint';

/**
 * Structured output with `useChatStream`: the request asks for JSON following a schema
 * (`response_format: { type: 'json_schema' }`). While the reply streams, `message.structured.partial`
 * holds the JSON parsed so far (an unfinished object included), so the card fills in field by
 * field; at the end, `structured.value` is the value checked against the schema's required fields
 * and types, or `structured.error` says why it is not.
 */
const meta = {
  title: 'Hooks/Structured output',
  parameters: { layout: 'padded' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

interface Ingredient {
  item: string;
  quantity: string;
}

/** The recipe schema. `examples` script what the mock endpoint answers (a real model ignores them). */
const RECIPE_FORMAT: ResponseFormat = {
  type: 'json_schema',
  json_schema: {
    name: 'recipe',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'servings', 'minutes', 'vegetarian', 'ingredients', 'steps'],
      properties: {
        title: { type: 'string', examples: ['Buttermilk pancakes'] },
        servings: { type: 'integer', minimum: 1, examples: [4] },
        minutes: { type: 'integer', description: 'Total time', examples: [25] },
        vegetarian: { type: 'boolean' },
        ingredients: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['item', 'quantity'],
            properties: { item: { type: 'string' }, quantity: { type: 'string' } },
          },
          examples: [
            [
              { item: 'Flour', quantity: '200 g' },
              { item: 'Buttermilk', quantity: '300 ml' },
              { item: 'Eggs', quantity: '2' },
              { item: 'Baking powder', quantity: '2 tsp' },
              { item: 'Butter, melted', quantity: '30 g' },
            ],
          ],
        },
        steps: {
          type: 'array',
          items: { type: 'string' },
          examples: [
            [
              'Whisk the flour and baking powder.',
              'Beat in the buttermilk, eggs and butter until just smooth.',
              'Cook ladlefuls in a hot pan, about 2 minutes a side.',
            ],
          ],
        },
      },
    },
  },
};

/**
 * The partial JSON is untrusted and unfinished: any field may be missing, a string may be cut
 * short, an array's last item may be half an object. Read it defensively.
 */
function readRecipe(value: unknown) {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (field: unknown) => (typeof field === 'string' ? field : undefined);
  const list = (field: unknown) => (Array.isArray(field) ? (field as unknown[]) : []);
  return {
    title: text(record.title),
    servings: typeof record.servings === 'number' ? record.servings : undefined,
    minutes: typeof record.minutes === 'number' ? record.minutes : undefined,
    vegetarian: typeof record.vegetarian === 'boolean' ? record.vegetarian : undefined,
    ingredients: list(record.ingredients).flatMap((entry): Ingredient[] => {
      const item = entry as Partial<Ingredient> | null;
      return typeof item?.item === 'string'
        ? [{ item: item.item, quantity: typeof item.quantity === 'string' ? item.quantity : '' }]
        : [];
    }),
    steps: list(record.steps).filter((step): step is string => typeof step === 'string'),
  };
}

function RecipeCard({ message, sawPartial }: { message: ChatMessage; sawPartial: boolean }) {
  const titleId = useId();
  const streaming = message.status === 'streaming';
  const { structured } = message;
  const recipe = readRecipe(structured?.value ?? structured?.partial);
  // A field still to come, or one the finished reply lacks.
  const placeholder = streaming ? '…' : '—';
  return (
    <article
      aria-labelledby={titleId}
      aria-busy={streaming}
      data-status={message.status}
      data-saw-partial={sawPartial}
      style={{
        border: '1px solid var(--rcc-border)',
        borderRadius: 8,
        padding: '0.75rem 1rem',
        maxWidth: '32rem',
      }}
    >
      <h3 id={titleId} style={{ margin: '0 0 0.5rem' }}>
        {recipe.title ?? placeholder}
      </h3>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.25rem 1rem', margin: 0 }}>
        <dt>Servings</dt>
        <dd style={{ margin: 0 }}>{recipe.servings ?? placeholder}</dd>
        <dt>Time</dt>
        <dd style={{ margin: 0 }}>{recipe.minutes === undefined ? placeholder : `${recipe.minutes} min`}</dd>
        <dt>Vegetarian</dt>
        <dd style={{ margin: 0 }}>
          {recipe.vegetarian === undefined ? placeholder : recipe.vegetarian ? 'Yes' : 'No'}
        </dd>
      </dl>
      <h4 style={{ margin: '0.75rem 0 0.25rem' }}>Ingredients</h4>
      <ul aria-label="Ingredients" style={{ margin: 0 }}>
        {recipe.ingredients.map((ingredient, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no id and only ever append.
          <li key={index}>
            {ingredient.item}
            {ingredient.quantity && `: ${ingredient.quantity}`}
          </li>
        ))}
      </ul>
      <h4 style={{ margin: '0.75rem 0 0.25rem' }}>Steps</h4>
      <ol aria-label="Steps" style={{ margin: 0 }}>
        {recipe.steps.map((step, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps have no id and only ever append.
          <li key={index}>{step}</li>
        ))}
      </ol>
      <details style={{ marginTop: '0.75rem' }}>
        <summary>Raw JSON</summary>
        <pre style={{ whiteSpace: 'pre-wrap', fontSize: '0.8rem' }}>{getMessageText(message)}</pre>
      </details>
    </article>
  );
}

/** What the status line says about the reply's structured output. */
function verdictOf(message: ChatMessage | undefined): string {
  if (!message) return '';
  if (message.status === 'streaming') return 'Streaming: the card shows the JSON parsed so far.';
  if (message.structured?.value !== undefined)
    return "Valid: the reply matches the schema's fields and types.";
  if (message.structured?.error) return `Invalid: ${message.structured.error}`;
  return '';
}

function RecipeDemo({ prompt, scripted = false }: { prompt: string; scripted?: boolean }) {
  const { clientOptions } = useMockEndpoint();
  const chat = useChatStream({
    clientOptions,
    // `mock/text` answers with the story's scripted reply (`replies`): one that breaks the schema.
    request: { model: scripted ? 'mock/text' : 'mock/auto', response_format: RECIPE_FORMAT },
  });
  const message = chat.messages.findLast((item) => item.role === 'assistant');
  // Whether any render showed the reply while it streamed with a partial value: the first token is
  // published at once, so this holds on every run however fast the mock is.
  const sawPartial = useRef(false);
  if (message?.status === 'streaming' && message.structured?.partial !== undefined) sawPartial.current = true;
  const busy = chat.status === 'submitted' || chat.status === 'streaming';
  return (
    <section aria-label="Structured output demo" style={{ display: 'grid', gap: '0.75rem' }}>
      <div>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            sawPartial.current = false;
            chat.clear();
            void chat.send(prompt);
          }}
        >
          Ask: “{prompt}”
        </button>
      </div>
      {message && <RecipeCard message={message} sawPartial={sawPartial.current} />}
      <p role="status" style={{ margin: 0 }}>
        {verdictOf(message)}
      </p>
      {chat.error && !(chat.error instanceof StructuredOutputError) && (
        <ErrorNotice error={chat.error} onRetry={chat.retry} />
      )}
    </section>
  );
}

/** The reply streams into the card, then is checked against the schema. */
export const Recipe: Story = {
  render: () => <RecipeDemo prompt="A recipe for pancakes, please" />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /^Ask:/ }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(/^Valid:/), { timeout: 30_000 });
    const card = canvas.getByRole('article', { name: 'Buttermilk pancakes' });
    // The card was rendered from the partial value while the reply streamed.
    await expect(card).toHaveAttribute('data-saw-partial', 'true');
    await expect(card).toHaveAttribute('aria-busy', 'false');
    const ingredients = within(card)
      .getAllByRole('listitem')
      .filter((item) => item.closest('ul'));
    await expect(ingredients.map((item) => item.textContent)).toEqual([
      'Flour: 200 g',
      'Buttermilk: 300 ml',
      'Eggs: 2',
      'Baking powder: 2 tsp',
      'Butter, melted: 30 g',
    ]);
    await expect(
      within(within(card).getByRole('list', { name: 'Steps' })).getAllByRole('listitem'),
    ).toHaveLength(3);
    await expect(within(card).getByText('25 min')).toBeVisible();
    // The raw JSON is the reply's text; the card shows what it parses to.
    const raw = JSON.parse(card.querySelector('pre')?.textContent ?? '') as { servings: number };
    await expect(within(card).getByText(String(raw.servings))).toBeVisible();
  },
};

/** A reply that is JSON but lacks required fields: `structured.error` says which, the text stays. */
export const InvalidReply: Story = {
  render: () => <RecipeDemo prompt="A recipe, quickly" scripted />,
  parameters: {
    mock: {
      endpoint: {
        replies: [
          '{"title": "Toast", "servings": "two", "ingredients": [{"item": "Bread", "quantity": "2 slices"}]}',
        ],
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /^Ask:/ }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(/^Invalid:/), {
      timeout: 30_000,
    });
    const status = canvas.getByRole('status').textContent ?? '';
    // The missing fields and the wrong type are named.
    await expect(status).toMatch(/minutes/);
    await expect(status).toMatch(/servings/);
    const card = canvas.getByRole('article', { name: 'Toast' });
    await expect(card).toHaveAttribute('data-status', 'error');
    await expect(within(card).getByRole('list', { name: 'Ingredients' })).toHaveTextContent(
      'Bread: 2 slices',
    );
    // The conversation stays usable: asking again works.
    await expect(canvas.getByRole('button', { name: /^Ask:/ })).toBeEnabled();
  },
};
