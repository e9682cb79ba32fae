import type { ScenarioContext } from '../context.js';
import { contentSteps, finishedPlan, type MockPlan, type MockStep } from '../plan.js';
import { createGradientPngDataUrl, type Rgb } from '../png.js';
import { excerpt } from '../prompt.js';
import { pick } from '../random.js';

/** Tokens one generated image bills, as a recorded Gemini image reply reports in `image_tokens`. */
export const IMAGE_TOKENS = 1290;

const PALETTES: [[string, Rgb, Rgb], ...[string, Rgb, Rgb][]] = [
  ['indigo to pink', [99, 102, 241], [236, 72, 153]],
  ['teal to amber', [20, 184, 166], [245, 158, 11]],
  ['sky to violet', [56, 189, 248], [139, 92, 246]],
  ['lime to emerald', [163, 230, 53], [5, 150, 105]],
];

/** The delta that sends one generated image (`delta.images`), billed `IMAGE_TOKENS`. */
export function imageStep(url: string, index: number): MockStep {
  return {
    type: 'delta',
    kind: 'image',
    delta: { content: '', images: [{ type: 'image_url', image_url: { url }, index }] },
    tokens: IMAGE_TOKENS,
  };
}

/** Width and height from `image_config.aspect_ratio` ("16:9"), 64 px on the short side. */
function imageSize(context: ScenarioContext): { width: number; height: number } {
  const ratio = String(context.request.image_config?.aspect_ratio ?? '1:1').match(/^(\d+):(\d+)$/);
  const w = Number(ratio?.[1] ?? 1) || 1;
  const h = Number(ratio?.[2] ?? 1) || 1;
  const scale = 64 / Math.min(w, h);
  return { width: Math.min(256, Math.round(w * scale)), height: Math.min(256, Math.round(h * scale)) };
}

/**
 * A short caption, then a real PNG in `delta.images`. Without "text" in the request's `modalities`
 * (an image-only model) there is no caption: the message content stays empty.
 */
export function createImagePlan(context: ScenarioContext): MockPlan {
  const [name, from, to] = pick(context.random, PALETTES);
  const url = createGradientPngDataUrl({ ...imageSize(context), from, to });
  const caption = `Here is an image for “${excerpt(context.prompt, 60) || 'your request'}”: a soft gradient from ${name}.`;
  const { modalities } = context.request;
  return finishedPlan([
    ...(modalities && !modalities.includes('text') ? [] : contentSteps(caption)),
    imageStep(url, 0),
  ]);
}
