import type { UrlCitationAnnotation } from '../../core/types.js';
import type { ScenarioContext } from '../context.js';
import { annotationStep, contentSteps, finishedPlan, type MockPlan } from '../plan.js';
import { excerpt } from '../prompt.js';
import { topicOf } from './text.js';

function slugOf(prompt: string): string {
  const words = prompt.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.slice(0, 5).join('-') || 'overview';
}

/** Whether the request enables the `web` plugin. */
export function wantsWebSearch(context: ScenarioContext): boolean {
  return webPlugin(context) !== undefined;
}

/** The request's `web` plugin, unless turned off (`enabled: false`). */
function webPlugin(context: ScenarioContext) {
  return (context.request.plugins ?? []).find((plugin) => plugin.id === 'web' && plugin.enabled !== false);
}

/**
 * An answer "from the web": three sentences citing three sources (fewer when the `web` plugin's
 * `max_results` says so), and the matching `url_citation` annotations (with start and end indices
 * into the content) in a delta after the text.
 */
export function createCitationsPlan(context: ScenarioContext): MockPlan {
  const topic = topicOf(context.prompt);
  const slug = slugOf(context.prompt);
  const sources = [
    { url: `https://example.com/articles/${slug}`, title: `${topic}: an overview` },
    { url: `https://example.org/guides/${slug}`, title: `A practical guide to ${topic.toLowerCase()}` },
    { url: `https://example.net/research/${slug}`, title: `${topic} in depth` },
  ];
  const sentences = [
    `According to ${sources[0]!.title}, this is a common question with well-documented answers [1].`,
    `${sources[1]!.title} walks through a worked example step by step [2].`,
    `For the trade-offs, ${sources[2]!.title} compares the main approaches [3].`,
  ];
  const max = Number(webPlugin(context)?.max_results);
  const count = max >= 1 ? Math.min(sentences.length, Math.floor(max)) : sentences.length;
  let text = `Here is what the web says about “${excerpt(context.prompt, 60) || 'your question'}”.\n\n`;
  const annotations: UrlCitationAnnotation[] = sentences.slice(0, count).map((sentence, index) => {
    const start = text.length;
    text += `${sentence} `;
    const source = sources[index]!;
    return {
      type: 'url_citation',
      url_citation: {
        url: source.url,
        title: source.title,
        content: `${source.title}. ${sentence.replace(/ \[\d\]\.$/, '.')}`,
        start_index: start,
        end_index: start + sentence.length,
      },
    };
  });
  return finishedPlan([...contentSteps(text.trimEnd()), annotationStep(annotations)]);
}
