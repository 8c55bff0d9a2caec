export interface SeedRow {
  code: string;
  status: number;
  /** `unknown`: the page gives no retry rule. */
  retryable: 'yes' | 'no' | 'conditional' | 'unknown';
  endpoint?: string;
}
