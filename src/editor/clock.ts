import * as vscode from 'vscode';
import type { Clock } from '../core/clock';

/** The real time, in the user's time zone, with dates written in VS Code's display language. */
export function editorClock(): Clock {
  return { now: Date.now(), locale: vscode.env.language };
}
