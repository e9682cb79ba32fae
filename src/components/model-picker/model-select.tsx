import type { HTMLAttributes } from 'react';
import { forwardRef, useId } from 'react';
import type { ModelInfo } from '../../core/types.js';
import { cx } from '../primitives/class-names.js';
import { useControllableState } from '../primitives/use-controllable-state.js';

/**
 * The props `ModelSelect` and `ModelPicker` share: the chosen model, the fallbacks and the label. An
 * interface of its own (not an `Omit` of `ModelSelectProps`) so the Docs tab's `react-docgen` lists
 * them in `ModelPicker`'s props table too.
 */
export interface ModelChoiceProps {
  /** Controlled model id. */
  value?: string | undefined;
  /**
   * The initial model id when uncontrolled. Without it (or `value`) the first of `models` shows until the
   * user picks one.
   */
  defaultValue?: string | undefined;
  /** Called with the model id the user picks (controlled or not). */
  onValueChange?: ((model: string) => void) | undefined;
  /**
   * Controlled fallback models (the request's `models`: tried in order when the main model fails
   * before the first token). The fallback chooser shows when this or `onFallbackChange` is given.
   */
  fallback?: readonly string[] | undefined;
  /**
   * Called with the fallback ids the user selects, in the list's order (the main model is never among them).
   */
  onFallbackChange?: ((models: string[]) => void) | undefined;
  /** Label of the model select. Default `Model`. */
  label?: string | undefined;
}

/** Props of `ModelSelect`. */
export interface ModelSelectProps
  extends ModelChoiceProps,
    Omit<HTMLAttributes<HTMLDivElement>, 'defaultValue' | 'onChange'> {
  /** The models to offer (ids or `/models` entries). */
  models: readonly (string | ModelInfo)[];
  /** Whether the list is still loading or failed to load (`data-state`). Default `ready`. */
  state?: 'loading' | 'error' | 'ready' | undefined;
}

/** A model as a `ModelInfo` (an id alone becomes `{ id }`). */
export function toModelInfo(model: string | ModelInfo): ModelInfo {
  return typeof model === 'string' ? { id: model } : model;
}

// The list may be the endpoint's: a name of another shape (or an empty one) shows the id instead.
const renderOption = (model: ModelInfo) => (
  <option key={model.id} value={model.id}>
    {(typeof model.name === 'string' && model.name) || model.id}
  </option>
);

// A chosen id the list lacks is listed too (first), so it shows and can be changed.
const withChosen = (list: ModelInfo[], id: string): ModelInfo[] =>
  id && !list.some((model) => model.id === id) ? [{ id }, ...list] : list;

/**
 * Chooses the model from a list (a native select: keyboard and screen-reader friendly, fine with
 * hundreds of models) and, optionally, the fallback models. It fetches nothing (see
 * `ModelPicker`). `data-state` is `loading`, `error` or `ready`. Until a model is chosen (`value`,
 * `defaultValue`, the user's pick) it shows the list's first one without calling `onValueChange`:
 * give it the model your requests use, so that what shows is what is sent.
 *
 * @example
 * <ModelSelect models={['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4']} value={model} onValueChange={setModel} />
 */
export const ModelSelect = /* @__PURE__ */ forwardRef<HTMLDivElement, ModelSelectProps>(function ModelSelect(
  {
    models: modelList,
    state = 'ready',
    value: valueProp,
    defaultValue,
    onValueChange,
    fallback,
    onFallbackChange,
    label = 'Model',
    className,
    ...props
  },
  ref,
) {
  const models = modelList.map(toModelInfo);
  const [chosen, setValue] = useControllableState(valueProp, defaultValue ?? '', onValueChange);
  // Until something is chosen, show the first model (the list may arrive after the first render).
  const value = chosen || models[0]?.id || '';
  const options = withChosen(models, value);
  const id = useId();
  return (
    <div {...props} ref={ref} className={cx('rcc-model-picker', className)} data-state={state}>
      <label htmlFor={`${id}model`} className="rcc-model-picker-label">
        {label}
      </label>
      <select
        id={`${id}model`}
        className="rcc-model-picker-select"
        value={value}
        aria-busy={state === 'loading' || undefined}
        onChange={(event) => setValue(event.currentTarget.value)}
      >
        {options.length === 0 && (
          <option value="">{state === 'loading' ? 'Loading models…' : 'No models'}</option>
        )}
        {options.map(renderOption)}
      </select>
      {(fallback !== undefined || onFallbackChange !== undefined) && (
        <>
          <label htmlFor={`${id}fallback`} className="rcc-model-picker-label">
            Fallback models
          </label>
          <select
            id={`${id}fallback`}
            multiple
            size={Math.min(4, Math.max(2, options.length))}
            className="rcc-model-picker-fallback"
            value={fallback}
            onChange={(event) =>
              onFallbackChange?.(Array.from(event.currentTarget.selectedOptions, (option) => option.value))
            }
          >
            {(fallback ?? [])
              .reduce(withChosen, options)
              .filter((model) => model.id !== value)
              .map(renderOption)}
          </select>
        </>
      )}
      {/* There (empty) while the list loads: a live region announces a change, not its arrival. */}
      {state !== 'ready' && (
        <p className="rcc-model-picker-error" role="status">
          {state === 'error' && 'Could not load the model list.'}
        </p>
      )}
    </div>
  );
});
