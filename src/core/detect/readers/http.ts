import { readHttp } from '../http';
import type { DetectOptions, Finding } from '../types';
import type { Reader } from './reader';

/** A .http / .rest file: each response body with its request's context; `<>` references read as their files. */
export const httpReader: Reader = {
  container: 'http',
  rereadsAnchors: true,
  read({ text, options, firstAnchor, detectOther }) {
    // A response's request context is built only for bodies that hold an anchor.
    const http = readHttp(
      text,
      0,
      text.length,
      (bodyStart, bodyEnd) => {
        const at = firstAnchor(bodyStart);
        return at >= 0 && at < bodyEnd;
      },
      firstAnchor,
    );
    return {
      segments: http.responses.map((r) => ({ text, start: r.bodyStart, end: r.bodyEnd, lines: false, context: r.context })),
      findings() {
        const out: Finding[] = [];
        for (const reference of http.references) {
          const content = options.references?.get(reference.path);
          if (content === undefined) continue;
          // The request's host, auth header, key and the status in the file's name weigh as they would inline.
          const referenced: DetectOptions = { ...options, fileName: reference.path, languageId: undefined, references: undefined, requestContext: reference.context };
          const first = detectOther(content, referenced).find((f) => f.kind === 'response');
          if (first) out.push({ ...first, codeRange: reference.range, bodyRange: reference.range, referencedFile: reference.path });
        }
        return out;
      },
    };
  },
};
