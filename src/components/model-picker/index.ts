export type { ModelPickerProps } from './model-picker.js';
export { ModelPicker } from './model-picker.js';
