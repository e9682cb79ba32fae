export type {
  BranchPickerButtonProps as ButtonProps,
  BranchPickerCountProps as CountProps,
} from './branch-picker-buttons.js';
export {
  BranchPickerCount as Count,
  BranchPickerNext as Next,
  BranchPickerPrevious as Previous,
} from './branch-picker-buttons.js';
export type { BranchPickerRootProps as RootProps } from './branch-picker-root.js';
export { BranchPickerRoot as Root } from './branch-picker-root.js';
