import * as vscode from 'vscode';

/**
 * What *Try It* opens: a request with its inline response, as REST Client and httpYac users keep
 * them. The 429 shows most of what the extension does: a code to hover, a status line, a
 * Retry-After to interpret, and a quick fix.
 */
export const SAMPLE_ERROR = `### API Error Inspector: hover the error code below or the status line; Ctrl+. on the code offers a handler.
POST https://api.kynasmith.dev/api/detection/sessions
Authorization: Bearer {{access_token}}
Content-Type: application/json
Idempotency-Key: 5d0c1b6e-7c1e-4c4b-9f3e-2f6f0b9e8a11

{"movespec_id": "ms_8f2k"}

HTTP/1.1 429 Too Many Requests
Content-Type: application/json
Retry-After: 42
RateLimit-Limit: 10
RateLimit-Remaining: 0
X-Request-ID: req_01HX7Q

{
  "error": {
    "code": "rate_limited",
    "message": "Too many session creations for this project.",
    "retryable": true,
    "details": { "retry_after_seconds": 42 }
  }
}
`;

/** Opens the sample in an untitled editor (nothing is written to disk) and shows the code's card. */
export async function tryIt(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'http', content: SAMPLE_ERROR });
  const editor = await vscode.window.showTextDocument(document);
  const at = document.positionAt(SAMPLE_ERROR.indexOf('"code": "rate_limited"') + '"code": "'.length);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('editor.action.showHover');
  return editor;
}
