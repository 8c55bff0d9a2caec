import { parseHttp } from '../http';
import type { Reader, Segment } from './reader';

/** Markdown: fenced code blocks only. */
export const markdownReader: Reader = {
  container: 'markdown',
  read: ({ text }) => ({ segments: markdownSegments(text) }),
};

/** Fenced code blocks: `http`/`rest` fences are read as .http files, JSON fences as documents, others as lines. */
function markdownSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  const fence = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^\n]*\n/gm;
  let m: RegExpExecArray | null;
  while ((m = fence.exec(text))) {
    const marker = m[2] as string;
    const language = (m[3] as string).toLowerCase();
    const bodyStart = m.index + m[0].length;
    const closer = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`, 'm');
    closer.lastIndex = 0;
    const rest = text.slice(bodyStart);
    const close = closer.exec(rest);
    const bodyEnd = close ? bodyStart + close.index : text.length;
    if (language === 'http' || language === 'rest' || /^HTTP\/\d/.test(rest.trimStart())) {
      for (const r of parseHttp(text, bodyStart, bodyEnd).responses) {
        segments.push({ text, start: r.bodyStart, end: r.bodyEnd, lines: false, context: r.context });
      }
      // A fence holding only a response (no request line) is read from its status line.
      if (segments.length === 0 || segments[segments.length - 1]!.start < bodyStart) {
        segments.push({ text, start: bodyStart, end: bodyEnd, lines: false });
      }
    } else {
      const lines = language === 'log' || language === 'jsonl' || language === 'text' || language === 'console' || language === 'shell' || language === 'sh' || language === '';
      segments.push({ text, start: bodyStart, end: bodyEnd, lines });
    }
    fence.lastIndex = close ? bodyStart + close.index + close[0].length : text.length;
  }
  return segments;
}
