import * as vscode from 'vscode';

export interface HealthReport {
  /** The longest single call per feature, in milliseconds (wall time, awaits included). */
  longestCallMs: Record<string, number>;
  /** The longest stretch detection held the extension host's thread, in milliseconds. */
  longestBlockMs: number;
  /** Errors the features caught and logged instead of throwing into the editor. */
  errors: number;
}

/**
 * Every editor feature runs through here: an error is caught, logged to the "API Error Inspector"
 * output channel and answered with the feature's empty result, so a bug shows up in the log instead
 * of as a broken hover; and the longest call per feature is kept, for the reliability tests.
 */
export class Health implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('API Error Inspector', { log: true });
  private readonly longest: Record<string, number> = {};
  private longestBlock = 0;
  private errorCount = 0;

  async guard<T>(feature: string, fallback: T, call: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } catch (error) {
      this.error(feature, error);
      return fallback;
    } finally {
      const took = performance.now() - started;
      if (took > (this.longest[feature] ?? 0)) this.longest[feature] = took;
    }
  }

  /** The synchronous variant, for event handlers. */
  guardSync(feature: string, call: () => void): void {
    const started = performance.now();
    try {
      call();
    } catch (error) {
      this.error(feature, error);
    } finally {
      this.blocked(performance.now() - started);
    }
  }

  error(feature: string, error: unknown): void {
    this.errorCount++;
    this.channel.error(`${feature}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  /** Records a stretch of synchronous work. */
  blocked(ms: number): void {
    if (ms > this.longestBlock) this.longestBlock = ms;
  }

  report(): HealthReport {
    return { longestCallMs: { ...this.longest }, longestBlockMs: this.longestBlock, errors: this.errorCount };
  }

  dispose(): void {
    this.channel.dispose();
  }
}
