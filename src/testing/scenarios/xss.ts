import type { ScenarioContext } from '../context.js';
import { contentSteps, finishedPlan, type MockPlan, type MockStep } from '../plan.js';
import { splitFixed } from '../prompt.js';
import { IMAGE_TOKENS } from './image.js';

/** Base64 of ASCII text (`btoa`: in browsers, Node and jsdom alike, unlike `TextEncoder` in Jest's jsdom). */
const base64 = (text: string): string => btoa(text);

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert('xss-svg-onload')"><script>alert('xss-svg-script')</script><rect width="10" height="10" fill="red"/></svg>`;
const HTML_PAGE = `<script>alert('xss-data-html')</script>`;

/** The hostile Markdown of the `xss` scenario. Everything in it must render as inert text. */
export const XSS_MARKDOWN = [
  '# Security test payloads',
  '',
  "<script>alert('xss-script')</script>",
  '',
  "Click [a javascript link](javascript:alert('xss-link')), [an upper-case one](JAVASCRIPT:alert('xss-upper')), [an encoded one](java&#x73;cript:alert('xss-entity')) or [a data page](data:text/html;base64," +
    `${base64(HTML_PAGE)}).`,
  '',
  `<img src="x" onerror="alert('xss-img')">`,
  '',
  `![an svg image](data:image/svg+xml;base64,${base64(SVG)})`,
  '',
  `<a href="javascript:alert('xss-anchor')">a raw anchor</a> and <iframe src="javascript:alert('xss-iframe')"></iframe>`,
  '',
  `<svg onload="alert('xss-inline-svg')"></svg><details open ontoggle="alert('xss-ontoggle')">details</details>`,
  '',
  '<javascript:alert(1)>',
  '',
  '```html',
  "<script>alert('inside a code block this is only text')</script>",
  '```',
].join('\n');

/**
 * Hostile output for security tests: script tags, `javascript:` and `data:text/html` links,
 * `<img onerror>`, an SVG data-URL image in `images`, HTML in reasoning, tool arguments and citations.
 */
export function createXssPlan(_context: ScenarioContext): MockPlan {
  const args = JSON.stringify({
    html: `<img src=x onerror="alert('xss-tool')">`,
    title: `<script>alert('xss-tool-title')</script>`,
    href: `javascript:alert('xss-tool-href')`,
  });
  const steps: MockStep[] = [
    {
      type: 'delta',
      kind: 'reasoning',
      delta: {
        content: '',
        reasoning: `<script>alert('xss-reasoning')</script> Thinking about <b>markup</b>.`,
      },
      tokens: 8,
    },
    ...contentSteps(XSS_MARKDOWN),
    {
      type: 'delta',
      kind: 'image',
      delta: {
        content: '',
        images: [
          { type: 'image_url', image_url: { url: `data:image/svg+xml;base64,${base64(SVG)}` }, index: 0 },
          { type: 'image_url', image_url: { url: `javascript:alert('xss-image-url')` }, index: 1 },
          { type: 'image_url', image_url: { url: `data:text/html;base64,${base64(HTML_PAGE)}` }, index: 2 },
        ],
      },
      tokens: 3 * IMAGE_TOKENS,
    },
    {
      type: 'delta',
      kind: 'tool',
      delta: {
        tool_calls: [
          { index: 0, id: 'call_xss_0', type: 'function', function: { name: 'render_html', arguments: '' } },
        ],
      },
      tokens: 0,
    },
    ...splitFixed(args, 12).map(
      (fragment): MockStep => ({
        type: 'delta',
        kind: 'tool',
        delta: { tool_calls: [{ index: 0, function: { arguments: fragment } }] },
        tokens: 1,
      }),
    ),
    {
      type: 'delta',
      kind: 'annotation',
      delta: {
        content: '',
        annotations: [
          {
            type: 'url_citation',
            url_citation: {
              url: `javascript:alert('xss-citation')`,
              title: `<img src=x onerror="alert('xss-citation-title')">`,
            },
          },
        ],
      },
      tokens: 0,
    },
  ];
  return finishedPlan(steps);
}
