import * as vscode from 'vscode';
import type { OffsetRange } from '../core/detect';

/** The one seam between the core's offsets and VS Code's positions. */
export function toRange(document: vscode.TextDocument, range: OffsetRange): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}

export function contains(range: OffsetRange | undefined, offset: number): boolean {
  return range !== undefined && offset >= range.start && offset <= range.end;
}
