import type { FileAnnotation, FileContentPart, Message } from '../../core/types.js';
import type { ScenarioContext } from '../context.js';
import { annotationStep, contentSteps, finishedPlan, type MockPlan } from '../plan.js';
import { hashString } from '../random.js';

/** What the mock "parses" when the request holds no file. */
const SAMPLE_FILE: FileContentPart['file'] = {
  filename: 'sample.pdf',
  file_data: 'data:application/pdf;base64,JVBERi0xLjQK',
};

function fileParts(message: Message | undefined): FileContentPart['file'][] {
  if (message?.role !== 'user' || !Array.isArray(message.content)) return [];
  return message.content.flatMap((part) => (part.type === 'file' && part.file ? [part.file] : []));
}

/** Whether the last user message attaches a file (a PDF for the `file-parser` plugin). */
export function hasAttachedFiles(context: ScenarioContext): boolean {
  return fileParts(context.request.messages.findLast((message) => message.role === 'user')).length > 0;
}

/** A stable 64-digit hex hash of a file's data (the endpoint sends a SHA-256; any hex will do). */
function hashOf(data: string): string {
  let hex = '';
  for (let round = 0; round < 8; round++) hex += hashString(`${round}:${data}`).toString(16).padStart(8, '0');
  return hex;
}

/**
 * An answer about the request's files as the `file-parser` plugin reads them, with one `file`
 * annotation per distinct file (`{hash, name, content}`, content as text parts) in a delta after
 * the text, as the endpoint sends them for the client to send back. Without a file, a sample PDF.
 */
export function createFileParserPlan(context: ScenarioContext): MockPlan {
  const found = context.request.messages.flatMap(fileParts);
  const files = found.length > 0 ? found : [SAMPLE_FILE];
  const annotations: FileAnnotation[] = [];
  const lines: string[] = [];
  for (const [index, file] of files.entries()) {
    const name = file.filename || `document-${index + 1}.pdf`;
    const hash = hashOf(file.file_data ?? file.file_id ?? name);
    // The same file twice is parsed once: the endpoint's annotations are one per file hash.
    if (annotations.some((annotation) => annotation.file.hash === hash)) continue;
    const count = 1 + (Number.parseInt(hash.slice(0, 4), 16) % 9);
    const pages = `${count} ${count === 1 ? 'page' : 'pages'}`;
    const text = `${name}, page 1: This is the text the file parser extracted from ${name} (${pages}).`;
    annotations.push({ type: 'file', file: { hash, name, content: [{ type: 'text', text }] } });
    lines.push(`- **${name}**: ${pages} of text, parsed as PDF.`);
  }
  const intro =
    found.length > 0
      ? `I read ${annotations.length === 1 ? 'your file' : `your ${annotations.length} files`} with the file parser:`
      : 'No file was attached, so here is what the file parser returns for a sample PDF:';
  const outro =
    'The `file` annotations of this reply carry each file’s hash and parsed text: sent back with the conversation, they spare the endpoint parsing the files again.';
  return finishedPlan([
    ...contentSteps(`${intro}\n\n${lines.join('\n')}\n\n${outro}`),
    annotationStep(annotations),
  ]);
}
