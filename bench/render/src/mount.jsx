// Mounts a page's app. Commits are counted by the DevTools hook in the page's <head>.
import { createRoot } from 'react-dom/client';
import './page.css';

/** Renders `element` into #root; returns the root so pages can unmount. */
export function mount(element) {
  const root = createRoot(document.getElementById('root'));
  root.render(element);
  return root;
}
