export type { ModelPickerProps } from './model-picker.js';
export { ModelPicker } from './model-picker.js';
export type { ModelSelectProps } from './model-select.js';
export { ModelSelect } from './model-select.js';
